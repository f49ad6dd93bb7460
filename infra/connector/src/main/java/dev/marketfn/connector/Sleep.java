package dev.marketfn.connector;

import java.time.Duration;

/** Thread.sleep that reports an interrupt instead of throwing it (the interrupt flag is kept). */
final class Sleep {
    private Sleep() {
    }

    /** True when the whole delay passed. */
    static boolean sleep(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
