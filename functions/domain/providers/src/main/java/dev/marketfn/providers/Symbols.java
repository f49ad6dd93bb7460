package dev.marketfn.providers;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Canonical symbols (docs/contract/payloads.md): upper-case; crypto as {@code BASE-QUOTE}; equity share classes with a dot.
 * Methods throw {@link IllegalArgumentException} for text that cannot be a symbol; adapters turn that into an
 * {@code InvalidInputException} naming the field.
 */
public final class Symbols {
    /**
     * Quote assets of the major venues (Binance spot quote list, Coinbase fiat and stablecoins). Matched longest
     * first, so {@code BNBFDUSD} is BNB-FDUSD (not BNBFD-USD) and {@code BTCUSDT} is BTC-USDT (not BTCUSD-T).
     */
    static final List<String> QUOTE_ASSETS = Arrays.stream(new String[] {
            "USDT", "USDC", "BUSD", "FDUSD", "TUSD", "DAI", "USDP", "USDS", "PAX", "UST", "AEUR", "EURI", "VAI",
            "BTC", "ETH", "BNB", "XRP", "TRX", "DOGE", "SOL", "DOT",
            "USD", "EUR", "GBP", "TRY", "JPY", "AUD", "BRL", "RUB", "UAH", "NGN", "ZAR", "PLN", "RON", "ARS", "MXN",
            "COP", "CZK", "CAD", "CHF", "KRW", "SGD", "HKD", "IDRT", "BIDR", "BKRW"})
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();

    private Symbols() {
    }

    /** US equity ticker: {@code brk/b}, {@code BRK-B}, {@code BRK B} all become {@code BRK.B}. */
    public static String equity(String raw) {
        String s = clean(raw);
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '-' || c == ' ') {
                c = '.';
            }
            if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '.') {
                throw new IllegalArgumentException("'" + raw + "' is not an equity symbol");
            }
            sb.append(c);
        }
        if (sb.charAt(0) == '.' || sb.charAt(sb.length() - 1) == '.' || sb.indexOf("..") >= 0) {
            throw new IllegalArgumentException("'" + raw + "' is not an equity symbol");
        }
        return sb.toString();
    }

    /**
     * Crypto pair: {@code BTC-USD}, {@code btc/usd}, {@code BTC_USD} keep their split; a concatenated pair such as
     * {@code BTCUSDT} is split at the longest known quote-asset suffix.
     */
    public static String crypto(String raw) {
        String s = clean(raw);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '-' || c == '/' || c == '_') {
                String base = s.substring(0, i);
                String quote = s.substring(i + 1);
                requireAlnum(base, raw);
                requireAlnum(quote, raw);
                return base + "-" + quote;
            }
        }
        requireAlnum(s, raw);
        for (String quote : QUOTE_ASSETS) {
            if (s.length() > quote.length() && s.endsWith(quote)) {
                return s.substring(0, s.length() - quote.length()) + "-" + quote;
            }
        }
        throw new IllegalArgumentException("'" + raw + "' does not end with a known quote asset");
    }

    /** The quote asset of a canonical crypto pair: the currency its prices are in. */
    public static String quoteAsset(String canonicalPair) {
        return canonicalPair.substring(canonicalPair.lastIndexOf('-') + 1);
    }

    /**
     * For providers whose messages do not say the asset class (csv, synthetic): a pair written with a separator
     * whose right side is a known quote asset is crypto; anything else is an equity ticker.
     */
    public static boolean looksLikeCryptoPair(String raw) {
        if (raw == null) {
            return false;
        }
        String s = raw.trim().toUpperCase(Locale.ROOT);
        int sep = Math.max(s.lastIndexOf('-'), Math.max(s.lastIndexOf('/'), s.lastIndexOf('_')));
        return sep > 0 && QUOTE_ASSETS.contains(s.substring(sep + 1));
    }

    private static String clean(String raw) {
        // trim() also strips control characters such as U+0000 that isBlank() does not count as blank
        String s = raw == null ? "" : raw.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty symbol");
        }
        return s.toUpperCase(Locale.ROOT);
    }

    private static void requireAlnum(String part, String raw) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException("'" + raw + "' is not a BASE-QUOTE pair");
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("'" + raw + "' is not a BASE-QUOTE pair");
            }
        }
    }
}
