package dev.marketfn.rules;

import org.yaml.snakeyaml.error.Mark;

/**
 * Maps an offset inside a YAML scalar's value back to its line and column in the file. Quotes, escapes and folded
 * line breaks make value offsets differ from file offsets, so the value is matched against the source text character
 * by character; where that fails (an escape that changed a character), the scalar's own position is used.
 */
final class SourcePositions {
    private SourcePositions() {
    }

    /** Returns 1-based {line, column}. */
    static int[] locate(String text, Mark start, Mark end, boolean quoted, boolean block, String value, int offset) {
        int from = index(text, start.getLine(), start.getColumn());
        int to = Math.min(text.length(), index(text, end.getLine(), end.getColumn()));
        int p = from;
        if (quoted) {
            p++;
        } else if (block) {
            int nl = text.indexOf('\n', p);
            p = nl < 0 ? to : nl + 1;
        }
        int target = -1;
        for (int k = 0; k <= Math.min(offset, value.length() - 1); k++) {
            int q = p;
            char c = value.charAt(k);
            while (q < to && text.charAt(q) != c) {
                q++;
            }
            if (q >= to) {
                return new int[] {start.getLine() + 1, start.getColumn() + 1};
            }
            target = q;
            p = q + 1;
        }
        if (offset >= value.length()) {
            target = target < 0 ? p : target + 1;
        }
        return lineColumn(text, target < 0 ? from : target);
    }

    private static int index(String text, int line, int column) {
        int i = 0;
        for (int l = 0; l < line && i < text.length(); l++) {
            int nl = text.indexOf('\n', i);
            if (nl < 0) {
                return text.length();
            }
            i = nl + 1;
        }
        return Math.min(text.length(), i + column);
    }

    private static int[] lineColumn(String text, int index) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, index - lineStart + 1};
    }
}
