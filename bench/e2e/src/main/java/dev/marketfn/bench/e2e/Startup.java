package dev.marketfn.bench.e2e;

import dev.marketfn.codec.CloudEventCodec;
import dev.marketfn.codec.Decoded;
import dev.marketfn.launcher.CloudEvent;
import dev.marketfn.launcher.Functions;
import dev.marketfn.launcher.Infra;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up per function, JVM mode: one function at a time (nothing else starting), time from process start to the
 * first event handled on the HTTP door (the first 2xx answer to a binary CloudEvent posted in a tight loop from the
 * moment the process is spawned), Quarkus' own "started in", and RSS after the first event and a few seconds later.
 * The inputs form a chain: a synthetic raw message with two trades 9 s apart (so the indicator closes a 1 s bar),
 * then each function's reply is the next function's input.
 */
public final class Startup {
    static final String[][] CHAIN = {
            {"normalize", "dev.marketfn.raw.v1", "dev.marketfn.tick.normalized.v1"},
            {"quality-check", "dev.marketfn.tick.normalized.v1", "dev.marketfn.tick.checked.v1"},
            {"corporate-action", "dev.marketfn.tick.checked.v1", "dev.marketfn.tick.adjusted.v1"},
            {"indicator", "dev.marketfn.tick.adjusted.v1", "dev.marketfn.indicator.computed.v1"},
            {"alpha-call", "dev.marketfn.indicator.computed.v1", "dev.marketfn.alpha.call.v1"}};
    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

    public record Result(String function, double firstEventMs, double quarkusStartedS, long rssAfterFirstKb,
            long rssSettledKb, long hwmKb, String note) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    /** One pass over the chain (up to {@code count} functions) with the given environment. */
    public List<Result> measure(Infra infra, Path functionsDir, List<String> jvmOpts, Map<String, String> extraEnv,
            int count, Path logDir, String symbol) throws Exception {
        return pass(infra, functionsDir, jvmOpts, extraEnv, count, logDir, symbol, false);
    }

    /**
     * A training pass: the chain once, each function started with {@code -XX:AOTCacheOutput} and stopped (SIGTERM)
     * after its event, so that the JDK writes its AOT cache ({@code app.aot} beside quarkus-run.jar) as it exits; the
     * launcher starts functions with that cache from then on. The results are of the training runs (slower: the JVM
     * records while it runs).
     */
    public List<Result> train(Infra infra, Path functionsDir, List<String> jvmOpts, Map<String, String> extraEnv,
            int count, Path logDir, String symbol) throws Exception {
        return pass(infra, functionsDir, jvmOpts, extraEnv, count, logDir, symbol, true);
    }

    private List<Result> pass(Infra infra, Path functionsDir, List<String> jvmOpts, Map<String, String> extraEnv,
            int count, Path logDir, String symbol, boolean train) throws Exception {
        Map<String, Path> jars = Functions.jars(functionsDir);
        Map<String, String> env = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", infra.bootstrap, "PG_URL",
                infra.pgUrl, "PG_USER", infra.pgUser, "PG_PASSWORD", infra.pgPassword));
        env.putAll(extraEnv);
        List<Result> out = new ArrayList<>();
        Instant now = Instant.now();
        String raw = "{\"symbol\":\"" + symbol + "\",\"asset_class\":\"equity\",\"currency\":\"USD\",\"trades\":["
                + "{\"ts\":\"" + now.minusSeconds(10) + "\",\"price\":\"100.00\",\"size\":\"100\",\"seq\":1},"
                + "{\"ts\":\"" + now.minusSeconds(1) + "\",\"price\":\"100.02\",\"size\":\"200\",\"seq\":2}]}";
        Map<String, String> extensions = new LinkedHashMap<>();
        extensions.put("provider", "synthetic");
        extensions.put("traceparent", Trace.traceparent(now.toEpochMilli() * 1000, 0));
        CloudEvent event = new CloudEvent("bench-startup-" + symbol + "-" + now.toEpochMilli(), CloudEvent.RAW,
                "/providers/synthetic", symbol, extensions, raw.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < Math.min(count, CHAIN.length); i++) {
            String f = CHAIN[i][0];
            if (event == null) {
                out.add(new Result(f, -1, -1, -1, -1, -1, "no input: the previous function produced no " + CHAIN[i][1]));
                continue;
            }
            Path cache = Functions.aotCache(jars.get(f));
            List<String> opts = jvmOpts;
            if (train) {
                Files.deleteIfExists(cache);
                opts = new ArrayList<>(Functions.withoutSharingOptions(jvmOpts));
                opts.add("-XX:AOTCacheOutput=" + cache);
            }
            try (Functions fns = new Functions()) {
                long t0 = System.nanoTime();
                Functions.Child c = fns.start(f, jars.get(f), env, opts, logDir);
                Thread hook = new Thread(c.process()::destroyForcibly, "bench-startup-kill");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                URI uri = URI.create("http://localhost:" + c.port() + "/");
                HttpResponse<byte[]> reply = null;
                long deadline = t0 + TimeUnit.SECONDS.toNanos(90);
                int attempts = 0;
                String note = "";
                while (System.nanoTime() < deadline && c.process().isAlive()) {
                    attempts++;
                    try {
                        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
                        b.POST(event.toHttp(b, false));
                        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() / 100 == 2) {
                            reply = r;
                            break;
                        }
                        note = "answered " + r.statusCode() + " before the first 2xx";
                        Thread.sleep(10);
                    } catch (ConnectException notListening) {
                        Thread.sleep(5);
                    } catch (IOException e) {
                        Thread.sleep(5);
                    }
                }
                double firstMs = (System.nanoTime() - t0) / 1e6;
                long pid = c.process().pid();
                long rssFirst = Procs.statusKb(pid, "VmRSS");
                if (reply == null) {
                    out.add(new Result(f, -1, -1, rssFirst, -1, -1, "no 2xx within 90 s (" + attempts + " attempts); see "
                            + c.log()));
                    event = null;
                    continue;
                }
                Thread.sleep(3000);
                long rssSettled = Procs.statusKb(pid, "VmRSS");
                long hwm = Procs.statusKb(pid, "VmHWM");
                double started = -1;
                Matcher m = STARTED.matcher(Files.readString(c.log()));
                if (m.find()) {
                    started = Double.parseDouble(m.group(1));
                }
                Decoded decoded = CloudEventCodec.fromHttp(reply.headers(), reply.body());
                String type = decoded.type() == null ? "" : decoded.type();
                if (!type.equals(CHAIN[i][2])) {
                    note = (note.isEmpty() ? "" : note + "; ") + "replied " + (type.isEmpty() ? "without an event" : type);
                    event = null;
                } else {
                    event = CloudEvent.of(decoded); // the reply is the next function's input
                }
                if (train) {
                    // the cache is assembled while the JVM exits; give it time before close() would kill it
                    c.process().destroy();
                    c.process().waitFor(180, TimeUnit.SECONDS);
                    note = (note.isEmpty() ? "" : note + "; ") + (Files.isRegularFile(cache)
                            ? String.format(Locale.ROOT, "AOT cache %.0f MB", Files.size(cache) / 1e6)
                            : "NO AOT cache written, see " + c.log());
                }
                out.add(new Result(f, firstMs, started, rssFirst, rssSettled, hwm, note));
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook runs already
                    }
                }
            }
        }
        return out;
    }
}
