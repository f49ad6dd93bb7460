package dev.marketfn.contracts;

/** Machine-readable reasons in {@code dev.marketfn.rejected.v1} payloads (docs/contract/errors.md). */
public final class RejectReason {
    public static final String NOT_A_CLOUDEVENT = "NOT_A_CLOUDEVENT";
    public static final String MISSING_ATTRIBUTE = "MISSING_ATTRIBUTE";
    public static final String UNKNOWN_TYPE = "UNKNOWN_TYPE";
    public static final String UNSUPPORTED_CONTENT_TYPE = "UNSUPPORTED_CONTENT_TYPE";
    public static final String MALFORMED_JSON = "MALFORMED_JSON";
    public static final String MISSING_FIELD = "MISSING_FIELD";
    public static final String WRONG_TYPE = "WRONG_TYPE";
    public static final String INVALID_VALUE = "INVALID_VALUE";
    /** A CloudEvents context attribute or extension that is present but not of its type (its name is the field). */
    public static final String INVALID_ATTRIBUTE = "INVALID_ATTRIBUTE";
    public static final String NOT_FINITE = "NOT_FINITE";
    public static final String OUT_OF_RANGE = "OUT_OF_RANGE";
    public static final String UNKNOWN_PROVIDER = "UNKNOWN_PROVIDER";
    public static final String UNSUPPORTED_MESSAGE = "UNSUPPORTED_MESSAGE";
    public static final String TOO_LARGE = "TOO_LARGE";
    public static final String QUALITY_FAILED = "QUALITY_FAILED";

    private RejectReason() {
    }
}
