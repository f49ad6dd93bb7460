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
    @Option(names = "--pg-url", paramLabel = "URL", description = "the database (default $PG_URL)")
    String pgUrl;
    @Option(names = "--pg-user", paramLabel = "USER", description = "default $PG_USER, else postgres")
    String pgUser;
    @Option(names = "--state-dir", defaultValue = ".marketfn", paramLabel = "DIR",
            description = "without a URL: the database of the stack running there (default: ${DEFAULT-VALUE})")
    Path stateDir;

    @Override
    public Integer call() throws Exception {
        if (limit < 1) {
            throw usage("--limit must be at least 1");
        }
        Map<String, String> db = database();
        try (Connection c = Infra.connect(db.get("PG_URL"), db.get("PG_USER"), db.get("PG_PASSWORD"))) {
            List<JobRuns.Run> runs = new JobRuns(c).recent(kind, limit);
            if (json) {
                out.println(toJson(runs).toPrettyString());
            } else {
                print(runs);
            }
            return Main.EXIT_OK;
        }
    }

    /** URL, user and password: from the options and environment, else from the stack's stack.env. */
    private Map<String, String> database() {
        String url = JobAudit.url(this, pgUrl);
        Map<String, String> e = env;
        if (url == null) {
            if (!Files.isReadable(StackEnv.file(stateDir))) {
                throw new LauncherException("jobs needs --pg-url or PG_URL, or a stack running in " + stateDir
                        + " (`marketfn stack up`)");
            }
            e = StackEnv.read(stateDir);
            url = e.get("PG_URL");
        }
        String user = pgUser != null ? pgUser : e.getOrDefault("PG_USER", "postgres");
        return Map.of("PG_URL", url, "PG_USER", user, "PG_PASSWORD", e.getOrDefault("PG_PASSWORD", "postgres"));
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
