package dev.marketfn.connector;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Gap listeners: the logging default, and one that counts gaps in {@code marketfn.connector.gaps} first. */
public final class Gaps {
    private static final System.Logger LOG = System.getLogger(Gaps.class.getName());

    private Gaps() {
    }

    /** Logs the missing range; the REST backfill that would fill it is not built yet. */
    public static GapListener logging(String provider) {
        return (product, from, to) -> LOG.log(System.Logger.Level.WARNING,
                provider + " " + product + ": trade ids " + from + ".." + to + " were not received (gap)");
    }

    public static GapListener counted(MeterRegistry registry, String provider, GapListener next) {
        Counter gaps = Counter.builder("marketfn.connector.gaps").tag("provider", provider).register(registry);
        return (product, from, to) -> {
            gaps.increment();
            next.gap(product, from, to);
        };
    }
}
