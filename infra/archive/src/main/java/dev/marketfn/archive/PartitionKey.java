package dev.marketfn.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hive-style partition of the archive: {@code provider=P/date=YYYY-MM-DD/symbol=S/}, the date the UTC day of the
 * event time. Values are percent-encoded outside {@code [A-Za-z0-9._-]} (a symbol such as {@code BTC/USD} becomes
 * {@code BTC%2FUSD}), as Hive escapes partition values, so every value is one path segment.
 */
public record PartitionKey(String provider, LocalDate date, String symbol) {
    private static final Pattern KEY = Pattern.compile("provider=([^/]+)/date=(\\d{4}-\\d{2}-\\d{2})/symbol=([^/]+)/([^/]+)");

    public static PartitionKey of(String provider, Instant eventTime, String symbol) {
        return new PartitionKey(provider, eventTime.atZone(ZoneOffset.UTC).toLocalDate(), symbol);
    }

    /** {@code provider=P/date=D/symbol=S/}. */
    public String prefix() {
        return providerPrefix(provider) + "date=" + date + "/symbol=" + escape(symbol) + "/";
    }

    public static String providerPrefix(String provider) {
        return "provider=" + escape(provider) + "/";
    }

    /** The partition and the file name of an object key, or empty when the key is not inside a partition. */
    public static Optional<Located> locate(String key) {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Located(new PartitionKey(unescape(m.group(1)), LocalDate.parse(m.group(2)),
                unescape(m.group(3))), m.group(4)));
    }

    /** An object key split into its partition and its file name. */
    public record Located(PartitionKey partition, String name) {
    }

    static String escape(String value) {
        StringBuilder b = new StringBuilder();
        for (byte c : value.getBytes(StandardCharsets.UTF_8)) {
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '-') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return b.toString();
    }

    static String unescape(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()) {
                out.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
