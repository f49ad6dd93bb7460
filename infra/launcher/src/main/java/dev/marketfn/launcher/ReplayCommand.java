package dev.marketfn.launcher;

import dev.marketfn.providers.Providers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code marketfn replay}: provider files as raw events. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send provider files as raw CloudEvents (dev.marketfn.raw.v1) to Kafka or to a function over HTTP.",
                "Each event: source /providers/<P>, extension provider=<P>, data verbatim, the message's symbol as "
                        + "subject, symbol and partitionkey. .jsonl/.ndjson files: one provider message per line; "
                        + ".csv: chunks of 200 rows (header repeated) sent as a JSON string; anything else: one JSON "
                        + "message. Every file is read and checked before anything is sent."},
        footer = {"%nExamples:",
                "  marketfn replay trades.jsonl --provider alpaca --to kafka localhost:9092",
                "  marketfn replay day.csv --provider csv --to http http://localhost:8081/ \\",
                "      --from 2025-06-11T14:00:00Z --until 2025-06-11T14:30:00Z --rate 20"})
final class ReplayCommand extends Main.Base {
    private static final Providers PROVIDERS = Providers.standard();

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "provider files (none with --archive)")
    List<Path> files = new ArrayList<>();
    @Option(names = "--archive", paramLabel = "URI", description = "replay the raw archive instead of files "
            + "(a directory or s3://bucket/prefix, docs/archive.md): archived events in event-time order, as the "
            + "events they were; needs --pg-url or PG_URL for its job_runs row")
    String archive;
    @Option(names = "--symbols", split = ",", paramLabel = "S,S…", description = "--archive: only these instruments")
    List<String> symbols = new ArrayList<>();
    @Mixin
    DatabaseOptions db;
    @Option(names = "--provider", required = true, paramLabel = "P",
            description = "alpaca, polygon, finnhub, binance, coinbase, alphavantage, ibkr, csv or synthetic")
    String provider;
    @Mixin
    Destination dest;
    @Mixin
    RateOption rate;
    @Option(names = "--from", paramLabel = "TIME",
            description = "only messages with a record at or after TIME (ISO-8601 such as 2025-06-11T14:00:00Z; "
                    + "no offset = UTC; a date = its start in UTC). Record times as the provider adapters read them; "
                    + "csv files are filtered row by row")
    String from;
    @Option(names = "--until", paramLabel = "TIME", description = "only messages with a record before TIME (--to names the destination)")
    String until;
    @Option(names = "--subject", description = "subject/symbol for messages that do not name their instrument (IB RTVolume)")
    String subject;

    @Override
    public Integer call() throws Exception {
        dest.kind();
        String p = provider.trim().toLowerCase(Locale.ROOT);
        if (!PROVIDERS.names().contains(p)) {
            throw usage("--provider must be one of " + String.join(", ", PROVIDERS.names()) + ", not " + provider);
        }
        double perSecond = rate.perSecond();
        TimeWindow window;
        try {
            window = new TimeWindow(TimeWindow.parse("--from", from), TimeWindow.parse("--until", until));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if ((archive == null) == files.isEmpty()) {
            throw usage("name provider files or --archive URI, not both");
        }
        if (archive != null) {
            return ArchiveReplay.run(this, archive, p, symbols, window, dest, perSecond, db);
        }
        java.util.Map<String, Object> args = new java.util.LinkedHashMap<>();
        args.put("files", files.stream().map(Path::toString).toList());
        args.put("provider", p);
        args.put("to", dest.describe());
        args.put("from", window.from() == null ? null : window.from().toString());
        args.put("until", window.until() == null ? null : window.until().toString());
        return JobAudit.run(this, db, "replay", args, counts -> send(p, window, perSecond, counts));
    }

    private JobAudit.Outcome send(String p, TimeWindow window, double perSecond, long[] counts) throws Exception {
        List<CloudEvent> events = new ArrayList<>();
        int read = 0;
        String run = Long.toString(System.currentTimeMillis(), 36);
        for (Path f : files) {
            List<Sample.Message> all = Sample.readFile(f, p);
            read += all.size();
            counts[0] = read;
            for (Sample.Message m : window.filter(all, p, subject)) {
                String sym = subject != null ? subject : Sample.symbolOf(m);
                events.add(CloudEvent.raw("replay-" + run + "-" + f.getFileName() + "-" + m.index(), p, sym,
                        Sample.data(m)));
            }
        }
        if (!window.unbounded()) {
            out.printf("window [%s, %s): %d of %d messages%n", window.from() == null ? "-∞" : window.from(),
                    window.until() == null ? "∞" : window.until(), events.size(), read);
            if (events.isEmpty()) {
                throw new LauncherException("nothing to send: no message has a record in the window");
            }
        }
        try (Sender s = dest.open(env)) {
            int code = sendAll(s, events, perSecond, "replay", CloudEvent::id);
            return new JobAudit.Outcome(code, read, s.sent() - s.failed());
        }
    }
}
