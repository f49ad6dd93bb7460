package dev.marketfn.launcher;

import dev.marketfn.archive.JobRuns;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * A CLI job as a {@code job_runs} row: running while its body runs, then succeeded (exit code 0, or 3 with the refused
 * count as its error) or failed with the error, with its counts. Recorded when the command knows a database (--pg-url, else PG_URL); without one the job
 * runs unrecorded, as sending to Kafka or a function needs no database.
 */
final class JobAudit {
    /** What a job did: its exit code, items read and items accepted downstream. */
    record Outcome(int code, long itemsIn, long itemsOut) {
    }

    /** The job itself; it reports its counts so far to {@code counts} so a failure still records them. */
    interface Body {
        Outcome run(long[] counts) throws Exception;
    }

    private JobAudit() {
    }

    static int run(Main.Base cmd, DatabaseOptions db, String kind, Map<String, Object> args, Body body)
            throws Exception {
        String url = db.urlOrNull(cmd.env);
        long[] counts = new long[2];
        if (url == null) {
            return body.run(counts).code();
        }
        try (Connection c = db.connectTo(url, cmd.env)) {
            return run(new JobRuns(c), kind, CloudEvent.JSON.writeValueAsString(args), body, counts);
        }
    }

    /** Runs the body inside a job_runs row of {@code jobs}. */
    static int run(JobRuns jobs, String kind, String args, Body body, long[] counts) throws Exception {
        UUID id = jobs.start(kind, args);
        Outcome o;
        try {
            o = body.run(counts);
        } catch (Exception e) {
            try {
                jobs.finish(id, false, counts[0], counts[1], String.valueOf(e.getMessage()));
            } catch (SQLException lost) {
                e.addSuppressed(lost);
            }
            throw e;
        }
        boolean done = o.code() == Main.EXIT_OK || o.code() == Main.EXIT_PARTIAL;
        jobs.finish(id, done, o.itemsIn(), o.itemsOut(), o.code() == Main.EXIT_OK ? null
                : "exit code " + o.code() + ": " + (o.itemsIn() - o.itemsOut()) + " items not accepted");
        return o.code();
    }
}
