package dev.marketfn.bench.e2e;

import dev.marketfn.launcher.Functions;
import dev.marketfn.launcher.Infra;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The HTTP door under wrk: binary CloudEvents ({@code --trades-per-event} Alpaca trade frames, 1 by default, with a
 * fresh {@code ce-id} and trade ids per request,
 * so every request stores a new raw event; normalize stores no tick, quality-check does) posted to normalize (Knative config: Kafka door off), at
 * fixed rates and then flat out, side by side with a bare Funqy echo function (bench/echo) in the same run.
 *
 * <p>wrk 4 has no constant-rate mode (that is wrk2); a fixed rate is approximated with wrk's {@code delay()} hook,
 * each connection pausing {@code connections / rate} between requests. Latency is then measured per request from
 * its send, so queueing behind a slow request (coordinated omission) is not counted; the achieved rate is reported
 * next to the target.
 */
@Command(name = "http", mixinStandardHelpOptions = true, version = "marketfn e2e-bench 0.1.0", sortOptions = false,
        description = {"The HTTP door under wrk: normalize (Knative config, Kafka door off) beside a bare Funqy echo "
                + "function, at fixed rates and then flat out. bench/run-http.sh runs it."})
final class HttpBench extends BenchCommand {
    @Option(names = "--echo-jar", defaultValue = "bench/echo/target/quarkus-app/quarkus-run.jar", paramLabel = "JAR",
            description = "the echo function (default: ${DEFAULT-VALUE})")
    Path echoJar;
    @Option(names = "--rates", defaultValue = "500,1000,2000,4000", split = ",", paramLabel = "R,R…",
            description = "target requests per second, one run each before the flat-out one (default: ${DEFAULT-VALUE})")
    List<Integer> rates;
    @Option(names = "--seconds", defaultValue = "15", paramLabel = "S", description = "length of each run after its warm-up (default: ${DEFAULT-VALUE})")
    int seconds;
    @Option(names = "--connections", defaultValue = "16", paramLabel = "N", description = "wrk connections (default: ${DEFAULT-VALUE})")
    int connections;
    @Option(names = "--trades-per-event", defaultValue = "1", paramLabel = "N", description = "Alpaca trade frames per request (default: ${DEFAULT-VALUE})")
    int trades;
    @Option(names = "--wrk", defaultValue = "wrk", paramLabel = "PATH", description = "the wrk binary (default: ${DEFAULT-VALUE})")
    String wrk;

    static final String LUA = """
            local counter = 0
            local threads = {}
            local prefix = "PREFIX"
            local pause = PAUSE_MS
            function setup(thread)
              thread:set("tid", #threads + 1)
              table.insert(threads, thread)
            end
            function init(args)
              counter = tid * 100000000
            end
            function delay()
              return pause
            end
            function request()
              counter = counter + 1
              local frames = {}
              for k = 1, TRADES do
                frames[k] = '{"T":"t","S":"WRKA","i":' .. (counter * 1000 + k) .. ',"x":"V","p":187.25,"s":100,"t":"TS","c":["@"],"z":"C"}'
              end
              local body = '[' .. table.concat(frames, ',') .. ']'
              local headers = {}
              headers["ce-specversion"] = "1.0"
              headers["ce-id"] = prefix .. counter
              headers["ce-type"] = "dev.marketfn.raw.v1"
              headers["ce-source"] = "/providers/alpaca"
              headers["ce-subject"] = "WRKA"
              headers["ce-provider"] = "alpaca"
              headers["Content-Type"] = "application/json"
              return wrk.format("POST", "/", headers, body)
            end
            function done(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("RESULT requests=%d duration_us=%d p50=%d p90=%d p99=%d p999=%d max=%d connect=%d read=%d write=%d status=%d timeout=%d\\n",
                summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
                latency:percentile(99), latency:percentile(99.9), latency.max, e.connect, e.read, e.write, e.status,
                e.timeout))
            end
            """;

    record Run(String target, String load, double rps, long requests, double p50, double p90, double p99, double p999,
            double max, long errors, long non2xx) {
    }

    @Override
    boolean run() throws Exception {
        Path functionsDir = common.functionsDir;
        List<String> jvm = common.jvm();
        Path state = common.stateDir("marketfn-http-");
        Report r = common.report(out, "marketfn HTTP door benchmark (bench/run-http.sh)");
        r.line("wrk         %s, 1 thread, %d connections, %d s per run after a 5 s warm-up per target",
                version(wrk), connections, seconds);
        r.line("jvm         %s", String.join(" ", jvm));
        r.line("events      one raw event of %d Alpaca trade frame%s per request", trades, trades == 1 ? "" : "s");
        boolean ok = true;
        try (Infra infra = Infra.start(Map.of(), 0, null, out); Functions fns = new Functions()) {
            Map<String, String> env = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrap, "PG_URL",
                    infra.pgUrl, "PG_USER", infra.pgUser, "PG_PASSWORD", infra.pgPassword,
                    "MARKETFN_KAFKA_DOOR_ENABLED", "false"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            Map<String, Functions.Child> targets = new LinkedHashMap<>();
            Functions.Child normalize = fns.start("normalize", Functions.jars(functionsDir).get("normalize"), env, jvm,
                    state.resolve("logs"));
            fns.awaitReady(normalize, deadline);
            targets.put("normalize (HTTP door: gate -> Funqy -> parse -> raw_events)", normalize);
            if (Files.isRegularFile(echoJar)) {
                Functions.Child echo = fns.start("echo", echoJar, Map.of(), jvm, state.resolve("logs"));
                awaitPort(echo, deadline);
                targets.put("echo (bare Funqy, same CloudEvent, no gate, no store)", echo);
            } else {
                r.line("echo jar %s missing (build bench/echo): normalize alone", echoJar);
            }
            r.line("stack       embedded PostgreSQL %s (fsync on); normalize in its Knative configuration (Kafka door off)",
                    infra.pgUrl);
            r.line("");
            String ts = Instant.now().minusSeconds(1).toString();
            List<Run> runs = new ArrayList<>();
            for (var t : targets.entrySet()) {
                wrk(wrk, t.getValue(), 5, connections, 0, "warm", ts, trades, state); // JIT warm-up, not reported
            }
            List<String> loads = new ArrayList<>();
            rates.forEach(x -> loads.add(Integer.toString(x)));
            loads.add("max");
            for (String load : loads) {
                for (var t : targets.entrySet()) {
                    double pause = load.equals("max") ? 0 : 1000.0 * connections / Integer.parseInt(load);
                    String res = wrk(wrk, t.getValue(), seconds, connections, pause, load, ts, trades, state);
                    Run run = parse(t.getKey(), load.equals("max") ? "max" : load + " req/s", res);
                    if (run == null) {
                        r.line("wrk gave no result for %s at %s:%n%s", t.getKey(), load, res);
                        ok = false;
                        continue;
                    }
                    runs.add(run);
                    r.progress("%s %s: %.0f req/s p99 %.2f ms", t.getKey().split(" ")[0], run.load(), run.rps(), run.p99());
                }
            }
            r.line("%-10s %-11s %10s %9s %9s %9s %9s %9s %8s", "target", "load", "achieved", "p50 ms", "p90 ms",
                    "p99 ms", "p99.9 ms", "max ms", "errors");
            for (Run x : runs) {
                r.line("%-10s %-11s %8.0f/s %9.2f %9.2f %9.2f %9.2f %9.2f %8d", x.target().split(" ")[0], x.load(),
                        x.rps(), x.p50(), x.p90(), x.p99(), x.p999(), x.max(), x.errors() + x.non2xx());
            }
            r.line("");
            targets.keySet().forEach(k -> r.line("  %s", k));
            double nMax = runs.stream().filter(x -> x.target().startsWith("normalize") && x.load().equals("max"))
                    .mapToDouble(Run::rps).findFirst().orElse(Double.NaN);
            double eMax = runs.stream().filter(x -> x.target().startsWith("echo") && x.load().equals("max"))
                    .mapToDouble(Run::rps).findFirst().orElse(Double.NaN);
            r.line("max req/s: normalize %.0f, echo %.0f (normalize = %.2f x echo)", nMax, eMax, nMax / eMax);
            try (var c = infra.connect(); var st = c.createStatement();
                    var rs = st.executeQuery("SELECT count(*) FROM raw_events WHERE event_id LIKE 'wrk-%'")) {
                rs.next();
                r.line("raw events stored by normalize during the run: %,d", rs.getLong(1));
            }
            r.line("");
            r.line("load avg    " + Procs.loadAverage() + " (at the end)");
        } finally {
            r.write();
        }
        return ok;
    }

    static void awaitPort(Functions.Child c, long deadline) throws Exception {
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("localhost", c.port())) {
                return;
            } catch (IOException notYet) {
                if (!c.process().isAlive()) {
                    throw new IllegalStateException(c.name() + " exited; see " + c.log());
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(c.name() + " did not listen; see " + c.log());
    }

    static String version(String wrk) {
        try {
            Process p = new ProcessBuilder(wrk, "--version").redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst()
                    .orElse("?");
            p.waitFor();
            return s.trim();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("wrk not found (" + wrk + "): apt-get install -y wrk");
        }
    }

    String wrk(String wrk, Functions.Child target, int seconds, int connections, double pauseMs, String label, String ts,
            int trades, Path state) throws Exception {
        Files.createDirectories(state);
        Path lua = state.resolve("post-" + target.name() + "-" + label + ".lua");
        Files.writeString(lua, LUA.replace("PREFIX", "wrk-" + label + "-" + System.nanoTime() + "-")
                .replace("PAUSE_MS", String.format(Locale.ROOT, "%.3f", pauseMs)).replace("TS", ts)
                .replace("TRADES", Integer.toString(trades)));
        Process p = new ProcessBuilder(wrk, "-t1", "-c" + connections, "-d" + seconds + "s", "--timeout", "10s",
                "-s", lua.toString(), "http://127.0.0.1:" + target.port() + "/").redirectErrorStream(true).start();
        String res = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(seconds + 60L, TimeUnit.SECONDS);
        return res;
    }

    static Run parse(String target, String load, String res) {
        for (String line : res.split("\n")) {
            if (line.startsWith("RESULT ")) {
                Map<String, Long> v = new HashMap<>();
                for (String kv : line.substring(7).trim().split(" ")) {
                    String[] p = kv.split("=");
                    v.put(p[0], Long.parseLong(p[1]));
                }
                long non2xx = v.get("status");
                return new Run(target, load, v.get("requests") / (v.get("duration_us") / 1e6), v.get("requests"),
                        v.get("p50") / 1000.0, v.get("p90") / 1000.0, v.get("p99") / 1000.0, v.get("p999") / 1000.0,
                        v.get("max") / 1000.0, v.get("connect") + v.get("read") + v.get("write") + v.get("timeout"),
                        non2xx);
            }
        }
        return null;
    }
}
