package dev.marketfn.indicators;

/**
 * One indicator (or one family whose outputs share state) over one series. {@link #update} is O(1) in the length
 * of the history; the state is fixed-size. {@code S} is a plain record that round-trips through JSON exactly.
 */
public interface Indicator<S> {

    /** Feeds the next closed bar. */
    void update(BarInput bar);

    /** Whether the outputs are defined (the first row of docs/contract/indicators.md has been reached). */
    boolean isReady();

    /** A corporate action: price-denominated state times {@code priceFactor}, volumes times {@code volumeFactor}. */
    void rescale(double priceFactor, double volumeFactor);

    /** The complete state; {@code restore(state())} continues with identical results. */
    S state();
}
