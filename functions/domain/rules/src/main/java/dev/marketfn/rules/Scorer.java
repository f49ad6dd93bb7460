package dev.marketfn.rules;

import dev.marketfn.contracts.AlphaCall;
import dev.marketfn.contracts.IndicatorComputed;
import java.util.List;
import java.util.OptionalDouble;

/** A model that scores a record: the probability that the next move is up. Blended into the rule ensemble. */
public interface Scorer {

    /** Name and version, reported in every call the model contributed to. */
    AlphaCall.Model model();

    /** The input names, shown with their values in the rationale. */
    List<String> features();

    /**
     * p in (0, 1); empty when an input is still warming up (not a failure). Any exception, or a value outside
     * (0, 1), counts as a failure of the model.
     */
    OptionalDouble probability(IndicatorComputed record);
}
