package dev.marketfn.console;

import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The query parameters of the history endpoints, checked before any read: a value outside its set is an
 * {@link InvalidInputException} naming the parameter (answered 400), so no unchecked text reaches a query.
 */
public final class Query {
    public static final List<String> INTERVALS = List.of("1s", "1m", "5m", "1h", "1d");
    public static final List<String> ACTIONS = List.of("BUY", "SELL", "HOLD", "NO_ACTION");
    public static final List<String> MODES = List.of("raw", "split", "total_return");
    public static final List<String> SEVERITIES = List.of("LOW", "MEDIUM", "HIGH", "CRITICAL");
    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("[A-Z][A-Z_]{0,63}");
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._:/-]{1,64}");

    private final Function<String, String> params;

    public Query(Function<String, String> params) {
        this.params = params;
    }

    public static Query of(Map<String, String> params) {
        return new Query(params::get);
    }

    /** A symbol or provider: letters, digits and {@code . _ : / -}, at most 64 characters; null when absent. */
    public String name(String param) {
        String v = blankToNull(params.apply(param));
        if (v != null && !NAME.matcher(v).matches()) {
            throw new InvalidInputException(RejectReason.INVALID_VALUE, param, "not a symbol or provider name");
        }
        return v;
    }

    public String requiredName(String param) {
        String v = name(param);
        if (v == null) {
            throw InvalidInputException.missing(param);
        }
        return v;
    }

    /** A reason or alert type code ({@code ^[A-Z][A-Z_]*$}); null when absent. */
    public String code(String param) {
        String v = blankToNull(params.apply(param));
        if (v != null && !CODE.matcher(v).matches()) {
            throw new InvalidInputException(RejectReason.INVALID_VALUE, param, "not a code like OUTLIER_DETECTED");
        }
        return v;
    }

    /** One of {@code allowed} (case-insensitive, returned as listed); {@code fallback} when absent. */
    public String oneOf(String param, List<String> allowed, String fallback) {
        String v = blankToNull(params.apply(param));
        if (v == null) {
            return fallback;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v)) {
                return a;
            }
        }
        throw new InvalidInputException(RejectReason.INVALID_VALUE, param,
                "'" + v.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "?") + "' is not one of " + allowed);
    }

    /** A row limit, 1 to {@code max}; {@code fallback} when absent. */
    public int limit(int fallback, int max) {
        String v = blankToNull(params.apply("limit"));
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new InvalidInputException(RejectReason.INVALID_VALUE, "limit", "an integer from 1 to " + max);
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }
}
