package dev.marketfn.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code marketfn actions load}: a file of corporate actions as announcement events. */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Bulk-load corporate actions: each valid row is sent as one "
                + "dev.marketfn.corporate-action.announced.v1 event, so the corporate-action function stores it "
                + "exactly like an announcement.",
                "FILE: CSV with a header of payload fields (action_id,symbol,type,ratio,amount,currency,ex_date,"
                        + "record_date,pay_date,new_symbol,known_at; empty cell = null), a JSON array of payloads, "
                        + "or one JSON payload per line. Every row is validated first, like the function does; "
                        + "invalid rows are listed on stderr as FILE:LINE: field: why, and skipped (exit code 3) "
                        + "unless --strict. Without known_at the function stamps the time it receives the event.",
                "Event ids are action-<action_id>-<hash of the row>: loading the same file twice sends the same ids.",
                "With --pg-url or $PG_URL the load is a job_runs row; without, it is not recorded."},
        footer = {"%nExamples:",
                "  marketfn actions load splits.csv --to kafka localhost:9092",
                "  marketfn actions load actions.json --to http http://localhost:8083/",
                "  marketfn actions load actions.json --dry-run"})
final class ActionsLoadCommand extends Main.Base {
    @Parameters(paramLabel = "FILE", description = "CSV, JSON array or JSON lines")
    Path file;
    @Mixin
    Destination dest;
    @Option(names = "--dry-run", description = "validate only; send nothing")
    boolean dryRun;
    @Option(names = "--strict", description = "send nothing when any row is invalid (exit code 1)")
    boolean strict;
    @Mixin
    RateOption rate;
    @Mixin
    DatabaseOptions db;

    @Override
    public Integer call() throws Exception {
        if (!dryRun) {
            dest.kind();
        }
        double perSecond = rate.perSecond();
        ActionsFile.Parsed parsed = ActionsFile.read(file);
        String name = file.toString();
        parsed.bad().forEach(b -> err.println(b.describe(name)));
        out.printf("%s (%s): %d valid corporate action%s, %d invalid row%s%n", name, parsed.format(),
                parsed.rows().size(), parsed.rows().size() == 1 ? "" : "s", parsed.bad().size(),
                parsed.bad().size() == 1 ? "" : "s");
        if (parsed.rows().isEmpty()) {
            throw new LauncherException(name + ": no valid corporate action to send");
        }
        if (strict && !parsed.bad().isEmpty()) {
            throw new LauncherException("sent nothing: " + parsed.bad().size() + " invalid row(s) and --strict");
        }
        if (dryRun) {
            return parsed.bad().isEmpty() ? Main.EXIT_OK : Main.EXIT_PARTIAL;
        }
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("file", name);
        args.put("to", dest.describe());
        args.put("invalid_rows", parsed.bad().size());
        return JobAudit.run(this, db, "actions-load", args, counts -> send(parsed, name, perSecond, counts));
    }

    private JobAudit.Outcome send(ActionsFile.Parsed parsed, String name, double perSecond, long[] counts)
            throws Exception {
        Map<String, ActionsFile.Row> byId = new LinkedHashMap<>();
        List<CloudEvent> events = new ArrayList<>();
        for (ActionsFile.Row r : parsed.rows()) {
            CloudEvent e = r.event();
            byId.putIfAbsent(e.id(), r);
            events.add(e);
        }
        counts[0] = events.size() + parsed.bad().size();
        try (Sender s = dest.open(env)) {
            int code = sendAll(s, events, perSecond, "actions", e -> name + ":" + byId.get(e.id()).line() + " "
                    + byId.get(e.id()).action().actionId());
            return new JobAudit.Outcome(code == Main.EXIT_OK && !parsed.bad().isEmpty() ? Main.EXIT_PARTIAL : code,
                    counts[0], s.sent() - s.failed());
        }
    }
}
