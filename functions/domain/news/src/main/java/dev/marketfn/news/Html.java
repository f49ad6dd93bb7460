package dev.marketfn.news;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * HTML to plain text for news summaries and bodies (Benzinga content arrives as HTML). A single forward scan, no
 * regular expressions, so hostile input costs linear time: tags are dropped, the content of {@code script},
 * {@code style} and similar elements is dropped with them, comments are dropped, character references are decoded
 * once, and whitespace runs become one space. The result is text, not HTML: a decoded {@code &lt;} is a literal
 * {@code <} that a consumer rendering it must escape again.
 */
public final class Html {
    private static final Set<String> DROP_CONTENT = Set.of("script", "style", "iframe", "noscript", "template",
            "object", "svg", "math", "head", "title");
    private static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
            Map.entry("apos", "'"), Map.entry("nbsp", " "), Map.entry("ndash", "–"), Map.entry("mdash", "—"),
            Map.entry("lsquo", "‘"), Map.entry("rsquo", "’"), Map.entry("ldquo", "“"), Map.entry("rdquo", "”"),
            Map.entry("hellip", "…"), Map.entry("copy", "©"), Map.entry("reg", "®"), Map.entry("trade", "™"),
            Map.entry("euro", "€"), Map.entry("pound", "£"), Map.entry("cent", "¢"), Map.entry("yen", "¥"));

    private Html() {
    }

    public static String strip(String html) {
        if (html == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(html.length());
        int i = 0;
        int n = html.length();
        while (i < n) {
            char c = html.charAt(i);
            if (c == '<' && i + 1 < n && startsMarkup(html.charAt(i + 1))) {
                if (html.startsWith("<!--", i)) {
                    int end = html.indexOf("-->", i + 4);
                    out.append(' ');
                    i = end < 0 ? n : end + 3;
                    continue;
                }
                int end = tagEnd(html, i + 1);
                if (end < 0) {
                    break; // an unterminated tag: everything after it is markup, never text
                }
                String name = tagName(html, i + 1, end);
                out.append(' ');
                i = end + 1;
                if (DROP_CONTENT.contains(name) && html.charAt(i - 2) != '/') {
                    i = closingTag(html, i, name);
                }
            } else if (c == '&') {
                i = entity(html, i, out);
            } else {
                out.append(Character.isISOControl(c) ? ' ' : c);
                i++;
            }
        }
        return collapse(out);
    }

    private static boolean startsMarkup(char c) {
        return Character.isLetter(c) || c == '/' || c == '!' || c == '?';
    }

    /** The index of the {@code >} closing a tag that starts at {@code from}, skipping quoted attribute values. */
    private static int tagEnd(String s, int from) {
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return i;
            }
        }
        return -1;
    }

    private static String tagName(String s, int from, int end) {
        int i = from;
        if (i < end && s.charAt(i) == '/') {
            return ""; // a closing tag never opens a dropped element
        }
        int start = i;
        while (i < end && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '-')) {
            i++;
        }
        return s.substring(start, i).toLowerCase(Locale.ROOT);
    }

    /** Past the {@code </name>} that ends a dropped element (any case); the end of the text when it is never closed. */
    private static int closingTag(String s, int from, String name) {
        for (int at = s.indexOf("</", from); at >= 0; at = s.indexOf("</", at + 2)) {
            if (s.regionMatches(true, at + 2, name, 0, name.length())) {
                int end = s.indexOf('>', at);
                return end < 0 ? s.length() : end + 1;
            }
        }
        return s.length();
    }

    private static int entity(String s, int at, StringBuilder out) {
        int semi = -1;
        for (int j = at + 1; j < Math.min(s.length(), at + 12) && semi < 0; j++) {
            semi = s.charAt(j) == ';' ? j : -1;
        }
        if (semi < 0) {
            out.append('&');
            return at + 1;
        }
        String ref = s.substring(at + 1, semi);
        String decoded = null;
        if (ref.startsWith("#x") || ref.startsWith("#X")) {
            decoded = codePoint(ref.substring(2), 16);
        } else if (ref.startsWith("#")) {
            decoded = codePoint(ref.substring(1), 10);
        } else {
            decoded = NAMED.get(ref);
        }
        if (decoded == null) {
            out.append('&');
            return at + 1;
        }
        out.append(decoded);
        return semi + 1;
    }

    private static String codePoint(String digits, int radix) {
        try {
            int cp = Integer.parseInt(digits, radix);
            if (cp <= 0 || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF) || Character.isISOControl(cp)) {
                return " ";
            }
            return new String(Character.toChars(cp));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String collapse(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '\u00a0') {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
