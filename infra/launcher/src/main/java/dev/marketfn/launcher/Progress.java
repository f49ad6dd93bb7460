package dev.marketfn.launcher;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress of a send loop. On a terminal a bar redrawn in place ({@code \r}) at most 5 times a second; otherwise
 * (logs, pipes, tests) a plain line every {@code lineEverySeconds}, so long runs still show life. Unknown totals
 * (an endless {@code synth}) show counts and rate only.
 */
public final class Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final long lineEveryNanos;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    /** {@code total} &lt; 0 when unknown. */
    public Progress(PrintStream out, String label, long total, boolean terminal, int lineEverySeconds) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.terminal = terminal;
        this.lineEveryNanos = lineEverySeconds * 1_000_000_000L;
        this.lastDraw = start;
    }

    /** Called after each send; draws when it is time. */
    public void update(long done, long failed) {
        long now = System.nanoTime();
        if (terminal ? now - lastDraw >= 200_000_000L : lineEveryNanos > 0 && now - lastDraw >= lineEveryNanos) {
            lastDraw = now;
            draw(done, failed, now);
        }
    }

    /** The final state; ends the terminal line. */
    public void finish(long done, long failed) {
        if (terminal || drawn) {
            draw(done, failed, System.nanoTime());
        }
        if (terminal) {
            out.println();
        }
    }

    private void draw(long done, long failed, long now) {
        drawn = true;
        String line = render(done, failed, (now - start) / 1e9);
        if (terminal) {
            out.print("\r" + line + "   ");
            out.flush();
        } else {
            out.println(line);
        }
    }

    /** e.g. {@code replay [#########.....................]  120/380  31%  35.2 ev/s  0 failed  3.4 s}. */
    String render(long done, long failed, double seconds) {
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder b = new StringBuilder(label).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, done * WIDTH / total);
            b.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
            b.append(String.format(Locale.ROOT, "%d/%d %3d%%", done, total, done * 100 / total));
        } else {
            b.append(String.format(Locale.ROOT, "%d sent", done));
        }
        b.append(String.format(Locale.ROOT, "  %.1f ev/s  %d failed  %.1f s", rate, failed, seconds));
        return b.toString();
    }
}
