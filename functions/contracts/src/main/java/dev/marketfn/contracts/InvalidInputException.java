package dev.marketfn.contracts;

/**
 * Input that can never succeed, however often it is redelivered: it is answered with a
 * {@code dev.marketfn.rejected.v1} event naming the field, never with a retry (docs/contract/errors.md).
 */
public class InvalidInputException extends RuntimeException {
    private final String reason;
    private final String field;
    private final String detail;

    public InvalidInputException(String reason, String field, String detail) {
        super(reason + " at " + field + (detail == null ? "" : ": " + detail), null, false, false);
        this.reason = reason;
        this.field = field;
        this.detail = detail;
    }

    public static InvalidInputException missing(String field) {
        return new InvalidInputException(RejectReason.MISSING_FIELD, field, "required field is missing or null");
    }

    public String reason() {
        return reason;
    }

    public String field() {
        return field;
    }

    public String detail() {
        return detail;
    }

    /** Re-anchors the field path under a parent, e.g. {@code price} → {@code records[3].price}. */
    public InvalidInputException under(String parent) {
        return new InvalidInputException(reason, parent + (field.startsWith("[") ? "" : ".") + field, detail);
    }
}
