package dev.marketfn.rules;

/** A condition that does not parse or type-check; {@code position} is the 0-based offset inside the condition. */
public final class ExpressionException extends RuntimeException {
    private final int position;
    private final String reason;

    public ExpressionException(int position, String reason) {
        super("at column " + (position + 1) + ": " + reason, null, false, false);
        this.position = position;
        this.reason = reason;
    }

    public int position() {
        return position;
    }

    public String reason() {
        return reason;
    }
}
