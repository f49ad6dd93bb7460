package dev.marketfn.news;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The dedup key of a story across providers. A Benzinga story reaches marketfn through Alpaca (stream and REST) and
 * Polygon with different ids, URLs (tracking parameters), summaries (one trims, one does not) and times a few seconds
 * apart, but with the same headline on the same day. So the hash is SHA-256 of the headline, normalized (Unicode
 * NFKC, lower case, every run of non-letters and non-digits one space), a newline and the UTC day it was published.
 */
public final class ContentHash {
    private ContentHash() {
    }

    public static String of(String headline, Instant published) {
        String day = published.atOffset(ZoneOffset.UTC).toLocalDate().toString();
        return sha256(normalize(headline) + "\n" + day);
    }

    static String normalize(String headline) {
        String s = Normalizer.normalize(headline, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(s.length());
        boolean gap = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                if (gap && out.length() > 0) {
                    out.append(' ');
                }
                gap = false;
                out.appendCodePoint(cp);
            } else {
                gap = true;
            }
        }
        return out.toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
