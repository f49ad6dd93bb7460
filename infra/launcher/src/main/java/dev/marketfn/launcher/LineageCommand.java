package dev.marketfn.launcher;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code marketfn lineage SIGNAL_ID}: a signal, and everything it was computed from, down to the provider's bytes. */
@Command(name = "lineage", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print where a signal came from: the signal, its indicator values, its bar, the trades that "
                + "counted in the bar (or the provider's own bar), each with the function version that stored it, "
                + "and the raw provider messages they were normalized from, verbatim.",
                "Links the database no longer holds (raw events expired by retention) are named as missing; "
                + "the raw archive keeps them (docs/archive.md)."},
        footer = {"%nExample:", "  marketfn lineage 6f1c…  --pg-url postgresql://localhost:5432/marketfn"})
final class LineageCommand extends Main.Base {
    /** A raw payload is printed up to this many bytes unless --full. */
    static final int PREVIEW_BYTES = 600;

    @Parameters(paramLabel = "SIGNAL_ID", description = "a signal_id (from the signals table or a signal event's records)")
    String signalId;
    @Mixin
    DatabaseOptions db;
    @Option(names = "--full", description = "print raw payloads whole (default: the first " + PREVIEW_BYTES + " bytes)")
    boolean full;

    @Override
    public Integer call() throws Exception {
        try (var c = db.connect(env, "lineage")) {
            Optional<Lineage.Chain> chain = Lineage.of(c, signalId);
            if (chain.isEmpty()) {
                throw new LauncherException("no signal " + signalId);
            }
            print(chain.get());
            return chain.get().missingRaw().isEmpty() && chain.get().bar().isPresent() ? Main.EXIT_OK : Main.EXIT_PARTIAL;
        }
    }

    /** The indicator values that have a value: a fresh series has dozens still warming up (null). */
    static String ready(String values) {
        try {
            var tree = (com.fasterxml.jackson.databind.node.ObjectNode) CloudEvent.JSON.readTree(values);
            tree.properties().removeIf(e -> e.getValue().isNull());
            return tree.toString();
        } catch (java.io.IOException | ClassCastException e) {
            return values;
        }
    }

    private void print(Lineage.Chain c) {
        Lineage.Signal s = c.signal();
        out.printf("signal %s%n  %s %s %s at %s: %s, confidence %s, score %s (stored %s)%n  rationale %s%n  model %s%n",
                s.id(), s.provider(), s.symbol(), s.interval(), s.ts(), s.action(), s.confidence(), s.score(),
                s.createdAt(), s.rationale(), s.model());
        c.indicators().ifPresentOrElse(
                i -> out.printf("indicator values (computed %s; those still warming up left out)%n  %s%n",
                        i.computedAt(), ready(i.values())),
                () -> out.println("indicator values: missing"));
        if (c.bar().isEmpty()) {
            err.println("the signal's bar is not in bars_ohlcv");
            return;
        }
        Lineage.Bar b = c.bar().get();
        out.printf("bar %s..%s (%s%s)%n  O %s H %s L %s C %s V %s, %d trades, emitted %s by input %s%n", b.ts(),
                b.windowEnd(), b.origin().equals("given") ? "the provider's bar" : "built from trades",
                b.revised() ? ", revised by a late trade" : "", b.open(), b.high(), b.low(), b.close(), b.volume(),
                b.tradeCount(), b.emittedAt(), b.emittedBy());
        out.printf("%s (%d)%n", b.origin().equals("given") ? "bar records" : "trades", c.ticks().size());
        for (Lineage.Tick t : c.ticks()) {
            out.printf("  %s %s seq %d: %s x %s, stored by %s, from raw %s%n", t.ts(), t.eventId(), t.seq(), t.price(),
                    t.size(), t.producedBy(), t.rawEventId());
        }
        out.printf("raw events (%d)%n", c.raw().size());
        for (Lineage.Raw r : c.raw()) {
            String text = new String(r.payload(), StandardCharsets.UTF_8);
            boolean cut = !full && r.payload().length > PREVIEW_BYTES;
            out.printf("  %s %s %s subject %s, received %s, %d bytes%n    %s%s%n", r.eventId(), r.provider(), r.type(),
                    r.subject(), r.receivedAt(), r.payload().length,
                    cut ? new String(r.payload(), 0, PREVIEW_BYTES, StandardCharsets.UTF_8) : text, cut ? " …" : "");
        }
        for (String id : c.missingRaw()) {
            err.println("raw event " + id + " is no longer in raw_events (replay it from the archive)");
        }
    }
}
