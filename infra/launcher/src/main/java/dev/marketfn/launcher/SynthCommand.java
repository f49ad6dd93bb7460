package dev.marketfn.launcher;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code marketfn synth}: a synthetic raw feed ({@link SyntheticFeed}). */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A synthetic raw feed (provider synthetic) in real time, sent as dev.marketfn.raw.v1 events.",
                "Per instrument a geometric random walk (volatility clustering, rare small jumps) on a cent grid: each "
                        + "message is one instrument's 1-4 trades since its previous message, ending now, and a quote. "
                        + "Equities trade in round lots with some odd lots (condition I); BASE-QUOTE pairs such as "
                        + "BTC-USD are crypto with fractional sizes. Runs until --count, --duration or Ctrl-C."},
        footer = {"%nExamples:",
                "  marketfn synth --symbols AAPL,MSFT,BTC-USD --rate 20 --duration 60 \\",
                "      --to kafka localhost:9092",
                "  marketfn synth --symbols SYN1 --count 100 --rate 0 --to http http://localhost:8081/"})
final class SynthCommand extends Main.Base {
    @Option(names = "--symbols", required = true, split = ",", paramLabel = "SYM",
            description = "instruments, e.g. AAPL,MSFT,BTC-USD")
    List<String> symbols;
    @Option(names = "--rate", defaultValue = "10", paramLabel = "N",
            description = "messages per second over all symbols; 0 = as fast as possible, needs --count or --duration (default: ${DEFAULT-VALUE})")
    double rate;
    @CommandLine.ArgGroup(exclusive = true, multiplicity = "0..1")
    Limit limit;
    @Mixin
    Destination dest;
    @Option(names = "--seed", paramLabel = "N", description = "random seed (default: random; printed, to repeat a run's price paths)")
    Long seed;
    @Option(names = "--volatility", defaultValue = "0.3", paramLabel = "SIGMA",
            description = "annual volatility of equities; crypto gets twice (default: ${DEFAULT-VALUE})")
    double volatility;
    @Option(names = "--price", paramLabel = "SYM=PRICE", description = "start price (repeatable); default from a small table, else 20..400 by the seed")
    Map<String, Double> prices = new LinkedHashMap<>();

    static final class Limit {
        @Option(names = "--duration", paramLabel = "SECONDS", description = "stop after this many seconds")
        Double duration;
        @Option(names = "--count", paramLabel = "N", description = "stop after N messages")
        Long count;
    }

    @Override
    public Integer call() throws Exception {
        Double duration = limit == null ? null : limit.duration;
        Long count = limit == null ? null : limit.count;
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw usage("--rate must be >= 0");
        }
        if (duration != null && !(duration > 0)) {
            throw usage("--duration must be > 0");
        }
        if (count != null && count <= 0) {
            throw usage("--count must be > 0");
        }
        if (rate == 0 && limit == null) {
            throw usage("--rate 0 (as fast as possible) needs --count or --duration");
        }
        long s0 = seed != null ? seed : new java.security.SecureRandom().nextLong();
        SyntheticFeed feed;
        try {
            feed = new SyntheticFeed(symbols, s0, volatility, prices);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        dest.kind();
        try (Sender s = dest.open(env)) {
            out.printf("synth %s → %s, %s msg/s%s (seed %d)%n", String.join(",", feed.symbols()), s.describe(),
                    rate == 0 ? "max" : fmt(rate), count != null ? ", " + count + (count == 1 ? " message" : " messages")
                            : duration != null ? ", " + fmt(duration) + " s" : ", until Ctrl-C", s0);
            long total = count != null ? count : duration != null && rate > 0 ? (long) Math.ceil(rate * duration) : -1;
            Progress progress = new Progress(out, "synth", total, terminal, 10);
            Pacer pacer = new Pacer(rate);
            String prefix = "synth-" + Long.toString(System.currentTimeMillis(), 36) + "-";
            long deadline = duration != null ? System.nanoTime() + (long) (duration * 1e9) : Long.MAX_VALUE;
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            CountDownLatch done = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                stop.set(true);
                try {
                    done.await(10, TimeUnit.SECONDS); // let the loop flush what it sent
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "marketfn-synth-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                while (!stop.get() && (count == null || s.sent() < count)) {
                    pacer.await();
                    if (System.nanoTime() >= deadline) {
                        break;
                    }
                    s.send(feed.next(prefix, Instant.now()));
                    progress.update(s.sent(), s.failed());
                }
                s.flush();
                progress.finish(s.sent(), s.failed());
                return report(s, CloudEvent::id);
            } finally {
                done.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is running
                }
            }
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
