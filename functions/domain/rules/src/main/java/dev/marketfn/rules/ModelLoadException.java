package dev.marketfn.rules;

/** A model coefficients file that cannot be used: which file and why. */
public final class ModelLoadException extends RuntimeException {
    public ModelLoadException(String source, String reason) {
        super(source + ": " + reason, null, false, false);
    }
}
