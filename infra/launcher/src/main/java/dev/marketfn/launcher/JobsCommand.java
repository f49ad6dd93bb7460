package dev.marketfn.launcher;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketfn.archive.JobRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code marketfn jobs}: the recent job_runs rows (demo, replay, actions load, archive), newest first. */
@Command(name = "jobs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List recent jobs the CLI and the platform ran (job_runs): kind, status, when, how long, items "
                + "read and accepted, arguments, and the error of a failed run.",
                "The database: --pg-url, else $PG_URL, else the stack `marketfn stack up` runs in --state-dir."},
        footer = {"%nExamples:", "  marketfn jobs", "  marketfn jobs --kind replay --limit 5",
                "  marketfn jobs --json --pg-url postgresql://localhost:5432/marketfn"})
final class JobsCommand extends Main.Base {
    @Option(names = "--kind", paramLabel = "KIND", description = "only this kind (demo, replay, actions-load, archive)")
    String kind;
    @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "at most N runs (default: ${DEFAULT-VALUE})")
    int limit;
    @Option(names = "--json", description = "one JSON array instead of a table")
    boolean json;
    @Mixin
    DatabaseOptions db;
    @Option(names = "--state-dir", defaultValue = ".marketfn", paramLabel = "DIR",
            description = "without a URL: the database of the stack running there (default: ${DEFAULT-VALUE})")
    Path stateDir;

    @Override
    public Integer call() throws Exception {
        if (limit < 1) {
            throw usage("--limit must be at least 1");
        }
        try (Connection c = connect()) {
            List<JobRuns.Run> runs = new JobRuns(c).recent(kind, limit);
            if (json) {
                out.println(toJson(runs).toPrettyString());
            } else {
                print(runs);
            }
            return Main.EXIT_OK;
        }
    }

    /** The database of the options and environment, else that of the stack's stack.env. */
    private Connection connect() throws java.sql.SQLException {
        String url = db.urlOrNull(env);
        if (url != null) {
            return db.connectTo(url, env);
        }
        if (!Files.isReadable(StackEnv.file(stateDir))) {
            throw new LauncherException("jobs needs --pg-url or PG_URL, or a stack running in " + stateDir
                    + " (`marketfn stack up`)");
        }
        Map<String, String> stack = StackEnv.read(stateDir);
        return db.connectTo(stack.get("PG_URL"), stack);
    }

    private void print(List<JobRuns.Run> runs) {
        if (runs.isEmpty()) {
            out.println(kind == null ? "no job runs" : "no job runs of kind " + kind);
            return;
        }
        String row = "%-24s  %-12s  %-9s  %8s  %10s  %10s  %-36s  %s%n";
        out.printf(row, "STARTED", "KIND", "STATUS", "SECONDS", "IN", "OUT", "RUN", "ARGS / ERROR");
        for (JobRuns.Run r : runs) {
            String secs = r.finishedAt() == null ? "-"
                    : String.format("%.1f", Duration.between(r.startedAt(), r.finishedAt()).toMillis() / 1000.0);
            out.printf(row, r.startedAt(), r.kind(), r.status(), secs, r.itemsIn(), r.itemsOut(), r.id(),
                    r.error() == null ? r.args() : "error: " + r.error());
        }
    }

    static ArrayNode toJson(List<JobRuns.Run> runs) throws java.io.IOException {
        ArrayNode a = CloudEvent.JSON.createArrayNode();
        for (JobRuns.Run r : runs) {
            ObjectNode o = a.addObject();
            o.put("run_id", r.id().toString());
            o.put("kind", r.kind());
            o.set("args", CloudEvent.JSON.readTree(r.args()));
            o.put("status", r.status());
            o.put("started_at", r.startedAt().toString());
            o.put("finished_at", r.finishedAt() == null ? null : r.finishedAt().toString());
            o.put("items_in", r.itemsIn());
            o.put("items_out", r.itemsOut());
            o.put("error", r.error());
        }
        return a;
    }
}
