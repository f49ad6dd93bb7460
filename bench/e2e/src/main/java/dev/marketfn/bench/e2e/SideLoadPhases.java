package dev.marketfn.bench.e2e;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --side-loads}: after the paced phase, phases of the same N trades, produced as fast as Kafka takes them,
 * alternating a control phase with nothing beside the pipeline and a phase with one side load: control, load 1,
 * control, load 2, control. Each load is compared with the mean of the two controls around it, because the pipeline
 * keeps getting faster as its JIT warms up and its tables grow: a load compared with a phase long before it would
 * measure that drift instead.
 */
final class SideLoadPhases {
    /** Message-number bases of the side-load phases (after warm-up 1e9, saturation 2e9, paced 3e9). */
    static final long FIRST_BASE = 4_000_000_000L;

    /** Trades sent per phase (for the count checks) and whether every side load's own checks held. */
    record Result(Map<String, Long> trades, boolean ok) {
        static final Result NONE = new Result(Map.of(), true);
    }

    private record PhaseResult(String name, double tps, Map<String, Double> cpu) {
    }

    private final Pipeline p;
    private final Report r;
    private final int maxWait;

    SideLoadPhases(Pipeline p, Report r, int maxWait) {
        this.p = p;
        this.r = r;
        this.maxWait = maxWait;
    }

    Result run(List<String> names, Feed feed, long n, double feedRate, double saturationTps) throws Exception {
        Pipeline.Options o = p.options();
        SideLoadContext context = new SideLoadContext(p.infra(), o.functionsDir(), o.stateDir(), o.jvmOpts(),
                o.runId(), feed.mostActive(ConsoleLoad.SYMBOLS), p.observer());
        r.line("");
        r.line("== Side loads: %,d trades per phase, produced as fast as Kafka takes them; controls (nothing beside "
                + "the pipeline) and side loads alternate", n);
        Map<String, Long> trades = new LinkedHashMap<>();
        List<PhaseResult> results = new ArrayList<>();
        boolean ok = true;
        long base = FIRST_BASE;
        List<SideLoad> sequence = new ArrayList<>();
        sequence.add(null); // a control first, then each load followed by a control
        for (String name : names) {
            sequence.add(SideLoad.of(name.trim(), context));
            sequence.add(null);
        }
        int controls = 0;
        for (SideLoad load : sequence) {
            String phase = load == null ? "control-" + ++controls : load.phase();
            // close what the previous phase left open, as before the paced phase
            p.ping();
            p.awaitDone("flush", 0, 600, null);
            feed.skipTo(Instant.now().toEpochMilli() * 1000 - (long) (n / feedRate * 1e6) - 1_000_000);
            List<Feed.Msg> msgs = Pipeline.generate(feed, n, null);
            long phaseTrades = Pipeline.trades(msgs);
            try {
                String beside = "nothing (control)";
                if (load != null) {
                    load.start();
                    beside = load.describe();
                }
                r.line("");
                r.line("-- %s: %,d trades (%,d messages); beside the pipeline: %s", phase, phaseTrades, msgs.size(),
                        beside);
                Map<String, Double> cpu0 = p.cpu();
                long firstSendMs = p.blast(phase, msgs, base);
                boolean done = p.awaitDone(phase, phaseTrades, maxWait, null);
                Map<String, Double> cpu = Pipeline.diff(p.cpu(), cpu0);
                long endMs = p.observer().stages(phase).values().stream().mapToLong(s -> s.lastCreateMs).max()
                        .orElse(firstSendMs);
                double secs = (endMs - firstSendMs) / 1000.0;
                double tps = phaseTrades / secs;
                r.line("pipeline done %.1f s after the first send%s: %,.0f ticks/s", secs,
                        done ? "" : " - INCOMPLETE", tps);
                if (load != null) {
                    SideLoad.Outcome outcome = load.finish(secs);
                    outcome.lines().forEach(r::line);
                    ok &= outcome.ok();
                }
                results.add(new PhaseResult(phase, tps, cpu));
                ok &= done;
                trades.put(phase, phaseTrades);
            } finally {
                if (load != null) {
                    load.close();
                }
            }
            base += 1_000_000_000L;
            if (!p.stalls.isEmpty()) {
                r.line("the pipeline stalled: later side-load phases skipped");
                return new Result(trades, false);
            }
        }
        r.line("");
        r.line("side loads compared (sustained ticks/s; each load against the mean of the controls before and after it;"
                + " the first saturation phase, %,.0f ticks/s, ran before the JIT was warm):", saturationTps);
        r.line("  %-14s %10s %16s %22s", "phase", "ticks/s", "vs controls", "functions + PostgreSQL CPU per tick");
        List<String> verdicts = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            PhaseResult x = results.get(i);
            if (x.name().startsWith("control-")) {
                r.line("  %-14s %,10.0f %16s %19.1f us", x.name(), x.tps(), "", perTick(x.cpu(), n));
                continue;
            }
            // a load phase always stands between two controls
            double without = (results.get(i - 1).tps() + results.get(i + 1).tps()) / 2;
            double change = 100 * (x.tps() / without - 1);
            r.line("  %-14s %,10.0f %14.1f %% %19.1f us", x.name(), x.tps(), change, perTick(x.cpu(), n));
            verdicts.add(String.format(Locale.ROOT, "SIDE LOAD %s: %,.0f ticks/s against %,.0f without (%+.1f %%)",
                    x.name(), x.tps(), without, change));
        }
        verdicts.forEach(r::line);
        return new Result(trades, ok);
    }

    /** CPU of the five functions and PostgreSQL per trade, in microseconds (the side load's own process excluded). */
    private static double perTick(Map<String, Double> cpu, long trades) {
        double s = 0;
        for (var e : cpu.entrySet()) {
            if (!e.getKey().startsWith("machine") && !e.getKey().equals("harness+kafka")) {
                s += e.getValue();
            }
        }
        return 1e6 * s / Math.max(1, trades);
    }
}
