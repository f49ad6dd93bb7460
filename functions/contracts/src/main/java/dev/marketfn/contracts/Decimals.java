package dev.marketfn.contracts;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Exact decimals end to end (docs/contract/payloads.md): "185.12000000" becomes 185.12, never 185.11999999.
 * <p>
 * <b>Range.</b> A price, size, volume or factor has at most {@value #MAX_INTEGER_DIGITS} digits before the decimal
 * point ({@code |v| < 10^38}) and at most {@value #MAX_FRACTION_DIGITS} after it once trailing zeros are dropped
 * ({@code 1E-38} is the smallest non-zero magnitude). Real prices and sizes are many orders of magnitude inside that
 * (the smallest on-chain unit is 1E-18, and 20-digit split/dividend factors applied to it stay within 38 decimals);
 * a value outside it, such as {@code 1e999999999}, is an {@code OUT_OF_RANGE} rejection naming the field instead of
 * an overflow further on (Jackson refusing to write it plain, PostgreSQL {@code 22003}, {@code ArithmeticException}).
 */
public final class Decimals {
    /** At most this many digits before the decimal point: {@code |v| < 10^38}. */
    public static final int MAX_INTEGER_DIGITS = 38;
    /** At most this many significant digits after the decimal point (trailing zeros do not count). */
    public static final int MAX_FRACTION_DIGITS = 38;
    /** Decimal text longer than this is not parsed at all (parsing cost grows with the square of the length). */
    public static final int MAX_TEXT_LENGTH = 1000;

    private static final MathContext SHORT = new MathContext(6);

    private Decimals() {
    }

    /**
     * Parses a decimal string exactly; trailing zeros go, the value never changes. Text that is not a number, or a
     * number outside the range above, is a {@link NumberFormatException}.
     */
    public static BigDecimal parse(String text) {
        String t = text.trim();
        if (t.length() > MAX_TEXT_LENGTH) {
            throw new NumberFormatException("a " + t.length() + "-character string is too long for a decimal");
        }
        BigDecimal value = new BigDecimal(t);
        String problem = rangeProblem(value);
        if (problem != null) {
            throw new NumberFormatException(problem);
        }
        return normalize(value);
    }

    /** Drops trailing zeros but never writes an exponent: 1E+2 stays 100. */
    public static BigDecimal normalize(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** Whether the value is inside the range above (null counts as inside: absence is checked elsewhere). */
    public static boolean inRange(BigDecimal value) {
        return value == null || rangeProblem(value) == null;
    }

    /**
     * The value normalized, or an {@code OUT_OF_RANGE} {@link InvalidInputException} naming {@code field} when it is
     * outside the range above. Null stays null.
     */
    public static BigDecimal checked(BigDecimal value, String field) {
        requireInRange(value, field);
        return normalize(value);
    }

    /** An {@code OUT_OF_RANGE} {@link InvalidInputException} naming {@code field} when the value is outside the range. */
    public static void requireInRange(BigDecimal value, String field) {
        if (value == null) {
            return;
        }
        String problem = rangeProblem(value);
        if (problem != null) {
            throw new InvalidInputException(RejectReason.OUT_OF_RANGE, field, problem);
        }
    }

    /**
     * A short text for a value of any size, for error details: {@code toPlainString} of {@code 1e999999999} would be
     * a billion characters.
     */
    public static String describe(BigDecimal value) {
        if (value == null) {
            return "null";
        }
        if (value.precision() <= 40 && Math.abs((long) value.scale()) <= 40) {
            return value.toPlainString();
        }
        return value.round(SHORT).toString();
    }

    private static String rangeProblem(BigDecimal value) {
        if (value.signum() == 0) {
            return null;
        }
        long integerDigits = (long) value.precision() - value.scale();
        if (integerDigits > MAX_INTEGER_DIGITS) {
            return describe(value) + " has " + integerDigits + " digits before the decimal point; at most "
                    + MAX_INTEGER_DIGITS + " are allowed";
        }
        if (value.scale() <= MAX_FRACTION_DIGITS) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= MAX_FRACTION_DIGITS) {
            return null;
        }
        return describe(value) + " has " + stripped.scale() + " digits after the decimal point; at most "
                + MAX_FRACTION_DIGITS + " are allowed";
    }
}
