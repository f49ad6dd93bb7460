package dev.marketfn.launcher;

import dev.marketfn.archive.JobRuns;
import dev.marketfn.connector.AlphaVantagePoller;
import dev.marketfn.connector.Backoff;
import dev.marketfn.connector.ConnectorFactory;
import dev.marketfn.connector.Credentials;
import dev.marketfn.connector.EventSink;
import dev.marketfn.connector.RequestBudget;
import dev.marketfn.connector.RestClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * {@code marketfn backfill}: the chunks of the range fetched one after the other within the provider's request
 * budget, each reply sent as a raw event (infra/connector's poller decides which replies are data), a progress line
 * per chunk on stderr, and a job_runs row (kind backfill; items_in = chunks fetched, items_out = events sent). A
 * chunk that fails is reported and the run goes on, ending failed with the chunks named; a spent day budget stops it.
 * Resuming is running it again: the replies already sent are the same ids, so they change no row.
 */
final class Backfill {
    static final String KEY = "ALPHAVANTAGE_API_KEY";

    record Options(String provider, List<String> symbols, Instant from, Instant until, String interval, URI endpoint,
            String kafka, String sink, String topicPrefix, DatabaseOptions db, int perMinute, int perDay,
            Duration rateLimitWait) {
    }

    private Backfill() {
    }

    static int run(Options o, Map<String, String> env, PrintStream out, PrintStream err) throws Exception {
        String key = Infra.blankToNull(env.get(KEY));
        if (key == null) {
            throw new LauncherException(o.provider() + " needs its key in " + KEY);
        }
        Map<String, String> sinkEnv = o.sink() != null ? Map.of("K_SINK", o.sink()) : env;
        try (Connection c = o.db().connect(env, "backfill");
                RestClient client = new RestClient(new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30),
                        new SplittableRandom()), 6);
                EventSink sink = ConnectorFactory.sink(sinkEnv, o.kafka(), o.topicPrefix(), () -> true)) {
            JobRuns repo = new JobRuns(c);
            AlphaVantagePoller poller = new AlphaVantagePoller(o.endpoint(), new Credentials(key, ""), o.interval(),
                    client, new RequestBudget(o.perMinute(), o.perDay(), Clock.systemUTC()), o.rateLimitWait(), 5);
            List<AlphaVantagePoller.Chunk> chunks = poller.chunks(o.symbols(), o.from(), o.until());
            UUID job = repo.start("backfill", CloudEvent.JSON.writeValueAsString(args(o)));
            out.println("backfill " + o.provider() + " " + String.join(",", o.symbols()) + " " + o.from() + " .. "
                    + o.until() + " " + o.interval() + ": " + chunks.size() + " request" + (chunks.size() == 1 ? "" : "s")
                    + " to " + RestClient.redact(o.endpoint()) + ", events to " + sink.describe());
            long fetched = 0;
            long sent = 0;
            long malformed = 0;
            List<String> failed = new ArrayList<>();
            try {
                for (int i = 0; i < chunks.size(); i++) {
                    AlphaVantagePoller.Chunk chunk = chunks.get(i);
                    String outcome;
                    try {
                        AlphaVantagePoller.Result r = poller.fetch(chunk);
                        fetched++;
                        sink.send(r.event());
                        sent++;
                        if (r.malformed()) {
                            malformed++;
                            outcome = "not JSON, forwarded for normalize to reject";
                        } else {
                            outcome = "event " + r.event().id();
                        }
                    } catch (AlphaVantagePoller.Failed | IOException e) {
                        failed.add(e.getMessage());
                        outcome = "FAILED " + e.getMessage();
                    }
                    err.printf("backfill [%d/%d] %s: %s%n", i + 1, chunks.size(), chunk, outcome);
                }
                sink.flush();
            } catch (RequestBudget.Exhausted e) {
                failed.add(e.getMessage());
                err.println("backfill stopped: " + e.getMessage() + "; run it again tomorrow, the chunks sent are not duplicated");
            } catch (Exception e) {
                sink.flush();
                repo.finish(job, false, fetched, sent, e.getMessage());
                throw e;
            }
            boolean ok = failed.isEmpty();
            repo.finish(job, ok, fetched, sent, ok ? null : String.join("; ", failed));
            out.printf("backfill %s: %d of %d requests fetched, %d events sent (%d malformed), %d rate-limit waits, %d retries%s%n",
                    ok ? "done" : "incomplete", fetched, chunks.size(), sent, malformed, poller.rateLimited(),
                    client.retries(), ok ? "" : ", " + failed.size() + " failed");
            return ok ? Main.EXIT_OK : fetched > 0 ? Main.EXIT_PARTIAL : Main.EXIT_FAILED;
        }
    }

    private static Map<String, Object> args(Options o) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("provider", o.provider());
        a.put("symbols", o.symbols());
        a.put("from", o.from().toString());
        a.put("until", o.until().toString());
        a.put("interval", o.interval());
        a.put("endpoint", RestClient.redact(o.endpoint()));
        a.put("per_minute", o.perMinute());
        a.put("per_day", o.perDay());
        return a;
    }
}
