package dev.marketfn.bench.e2e;

/**
 * The send time rides in the W3C {@code traceparent} extension, which every function copies from its input to its
 * output: trace-id = 16 hex digits of the send time in epoch microseconds + 16 hex digits of the message number. So
 * any event on the broker topic tells which raw message it descends from and when that message was sent.
 */
public final class Trace {
    private Trace() {
    }

    public static String traceparent(long sendMicros, long msgSeq) {
        return String.format("00-%016x%016x-%016x-01", sendMicros, msgSeq, msgSeq + 1);
    }

    /** Send time in epoch µs, or -1 when the value is not one of ours. */
    public static long sendMicros(String traceparent) {
        if (traceparent == null || traceparent.length() != 55 || !traceparent.startsWith("00-")) {
            return -1;
        }
        try {
            return Long.parseUnsignedLong(traceparent, 3, 19, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static long msgSeq(String traceparent) {
        try {
            return Long.parseUnsignedLong(traceparent, 19, 35, 16);
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
