package dev.marketfn.codec;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * W3C Trace Context for the CloudEvents {@code traceparent} extension: every hop keeps the trace id and gets a parent
 * id of its own; a value that is not a valid {@code traceparent} is dropped (the receiver starts no trace from it and
 * never echoes it). Version 00 is parsed strictly; a higher version is read by its first four fields, as the
 * recommendation asks of a version it does not know.
 */
public final class TraceContext {
    private static final Pattern V00 = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final Pattern FUTURE = Pattern.compile("[0-9a-e][0-9a-f]-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}(-.*)?");
    private static final String NO_TRACE = "00000000000000000000000000000000";
    private static final String NO_PARENT = "0000000000000000";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TraceContext() {
    }

    /** Whether {@code value} is a traceparent a receiver may continue. */
    public static boolean isValid(String value) {
        if (value == null || value.startsWith("ff")) {
            return false;
        }
        boolean shape = value.startsWith("00-") ? V00.matcher(value).matches() : FUTURE.matcher(value).matches();
        return shape && !value.substring(3, 35).equals(NO_TRACE) && !value.substring(36, 52).equals(NO_PARENT);
    }

    /** The trace id (32 hex digits) of a valid traceparent; null for none or an invalid one. */
    public static String traceId(String value) {
        return isValid(value) ? value.substring(3, 35) : null;
    }

    /** The traceparent of an event caused by one carrying {@code parent}: same trace and flags, a new parent id; null for none. */
    public static String child(String parent) {
        if (!isValid(parent)) {
            return null;
        }
        byte[] span = new byte[8];
        String spanId;
        do {
            RANDOM.nextBytes(span);
            spanId = HexFormat.of().formatHex(span);
        } while (spanId.equals(NO_PARENT));
        return "00-" + traceId(parent) + "-" + spanId + "-" + parent.substring(53, 55);
    }
}
