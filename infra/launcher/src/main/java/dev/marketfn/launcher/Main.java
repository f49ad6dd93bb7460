package dev.marketfn.launcher;

import java.io.PrintStream;
import java.io.PrintWriter;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code marketfn}: the local stack and demo CLI. Exit codes: 0 ok, 1 failure, 2 bad arguments. */
@Command(name = "marketfn", mixinStandardHelpOptions = true, version = "marketfn 0.1.0",
        description = "Local stack, demo and tools for the marketfn functions.",
        subcommands = {Main.DemoCmd.class, Main.StackCmd.class, Main.ReplayCmd.class, Main.PostCmd.class,
                Main.TailCmd.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (demo, stack, replay, post, tail)");
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, System.getenv(), args));
    }

    /** Runs the CLI in-process (the tests use this) and returns the exit code. */
    public static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable e = ex;
            if (e instanceof LauncherException || e instanceof IllegalArgumentException) {
                err.println("marketfn: " + e.getMessage());
            } else {
                err.println("marketfn: " + e);
                e.printStackTrace(err);
            }
            return 1;
        });
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommand() instanceof Base b) {
                b.out = out;
                b.env = env;
            }
            for (CommandLine sub2 : sub.getSubcommands().values()) {
                if (sub2.getCommand() instanceof Base b) {
                    b.out = out;
                    b.env = env;
                }
            }
        }
        return cl.execute(args);
    }

    abstract static class Base implements Callable<Integer> {
        PrintStream out = System.out;
        Map<String, String> env = System.getenv();
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Embedded Kafka + PostgreSQL (or KAFKA_BOOTSTRAP_SERVERS / PG_URL), the five functions, a sample trading day, a summary.")
    static final class DemoCmd extends Base {
        @Option(names = "--functions-dir", defaultValue = "functions", description = "where <f>/target/quarkus-app/quarkus-run.jar live (default: ${DEFAULT-VALUE})")
        Path functionsDir;
        @Option(names = "--state-dir", defaultValue = ".marketfn", description = "logs go to <dir>/logs (default: ${DEFAULT-VALUE})")
        Path stateDir;
        @Option(names = "--fraction", defaultValue = "1.0", description = "share of the streaming sample messages to send, 0.01..1 (default: ${DEFAULT-VALUE})")
        double fraction;
        @Option(names = "--quiet-seconds", defaultValue = "5", description = "the pipeline is done when no row changed for this long (default: ${DEFAULT-VALUE})")
        int quietSeconds;
        @Option(names = "--max-wait", defaultValue = "90", description = "upper bound in seconds for the pipeline to drain (default: ${DEFAULT-VALUE})")
        int maxWait;
        @Option(names = "--ready-timeout", defaultValue = "90", description = "seconds for the functions to become ready (default: ${DEFAULT-VALUE})")
        int readyTimeout;
        @Option(names = "--jvm-opts", defaultValue = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx384m -Xshare:auto",
                description = "JVM options of the function processes (default: ${DEFAULT-VALUE})")
        String jvmOpts;

        @Override
        public Integer call() throws Exception {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--fraction must be in (0, 1]");
            }
            Demo.Result r = new Demo(new Demo.Options(functionsDir, stateDir, fraction, quietSeconds, maxWait, readyTimeout,
                    List.of(jvmOpts.trim().split("\\s+")), env, null), out).run();
            if (r.counts().get("signals") == 0) {
                throw new LauncherException("no signals were produced (see " + stateDir.resolve("logs") + ")");
            }
            return 0;
        }
    }

    @Command(name = "stack", mixinStandardHelpOptions = true, description = "Embedded Kafka + PostgreSQL for running functions by hand.",
            subcommands = {StackUp.class, StackDown.class, StackStatus.class})
    static final class StackCmd implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "stack needs up, down or status");
        }
    }

    static Path envFile(Path stateDir) {
        return stateDir.resolve("stack.env");
    }

    static Map<String, String> readEnv(Path file) {
        if (!Files.isReadable(file)) {
            throw new LauncherException("no stack running here (" + file + " not found); start one with `marketfn stack up`");
        }
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    m.put(line.substring(0, eq).replaceFirst("^export ", ""), line.substring(eq + 1));
                }
            }
        } catch (java.io.IOException e) {
            throw new LauncherException("cannot read " + file + ": " + e.getMessage());
        }
        return m;
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Start embedded Kafka + PostgreSQL in the foreground; writes <state-dir>/stack.env.")
    static final class StackUp extends Base {
        @Option(names = "--state-dir", defaultValue = ".marketfn")
        Path stateDir;
        @Option(names = "--pg-port", defaultValue = "0", description = "0 = any free port")
        int pgPort;
        @Option(names = "--pg-data", description = "keep PostgreSQL data in this directory across restarts")
        Path pgData;

        @Override
        public Integer call() throws Exception {
            Map<String, String> noExternal = Map.of();
            try (Infra infra = Infra.start(noExternal, pgPort, pgData, out)) {
                Files.createDirectories(stateDir);
                String envText = "# written by `marketfn stack up` (pid " + ProcessHandle.current().pid() + ")\n"
                        + "MARKETFN_STACK_PID=" + ProcessHandle.current().pid() + "\n"
                        + "KAFKA_BOOTSTRAP_SERVERS=" + infra.bootstrap + "\n" + "PG_URL=" + infra.pgUrl + "\n"
                        + "PG_USER=" + infra.pgUser + "\n" + "PG_PASSWORD=" + infra.pgPassword + "\n";
                Files.writeString(envFile(stateDir), envText);
                out.println("stack up (Ctrl-C or `marketfn stack down` to stop)");
                out.print(envText.lines().skip(1).map(l -> "  " + l + "\n").reduce("", String::concat));
                out.println("  topics: " + Infra.BROKER_TOPIC + " (4 partitions), " + Infra.DLQ_TOPIC + ", " + Infra.SIGNALS_TOPIC);
                out.println("  psql:   " + infra.psql());
                out.println("  env:    set -a; . " + envFile(stateDir) + "; set +a");
                Path file = envFile(stateDir);
                Thread hook = new Thread(() -> {
                    try {
                        Files.deleteIfExists(file);
                    } catch (java.io.IOException ignored) {
                        // best effort
                    }
                    infra.close();
                });
                Runtime.getRuntime().addShutdownHook(hook);
                Thread.currentThread().join();
            }
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the stack started by `stack up`.")
    static final class StackDown extends Base {
        @Option(names = "--state-dir", defaultValue = ".marketfn")
        Path stateDir;

        @Override
        public Integer call() throws Exception {
            Map<String, String> e = readEnv(envFile(stateDir));
            long pid = Long.parseLong(e.getOrDefault("MARKETFN_STACK_PID", "-1"));
            var ph = ProcessHandle.of(pid);
            if (ph.isEmpty() || !ph.get().isAlive()) {
                Files.deleteIfExists(envFile(stateDir));
                throw new LauncherException("stack process " + pid + " is not running (removed stale " + envFile(stateDir) + ")");
            }
            ph.get().destroy();
            ph.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            out.println("stack down (pid " + pid + ")");
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Is the stack of <state-dir>/stack.env reachable?")
    static final class StackStatus extends Base {
        @Option(names = "--state-dir", defaultValue = ".marketfn")
        Path stateDir;

        @Override
        public Integer call() throws Exception {
            Map<String, String> e = readEnv(envFile(stateDir));
            boolean ok = true;
            try {
                Infra.requireKafka(e.get("KAFKA_BOOTSTRAP_SERVERS"));
                out.println("kafka      up    " + e.get("KAFKA_BOOTSTRAP_SERVERS"));
            } catch (LauncherException x) {
                ok = false;
                out.println("kafka      DOWN  " + x.getMessage());
            }
            try (var c = Infra.connect(e.get("PG_URL"), e.get("PG_USER"), e.get("PG_PASSWORD"))) {
                out.println("postgres   up    " + e.get("PG_URL"));
            } catch (java.sql.SQLException x) {
                ok = false;
                out.println("postgres   DOWN  " + x.getMessage());
            }
            return ok ? 0 : 1;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Send provider files as raw CloudEvents (dev.marketfn.raw.v1) to Kafka or to a function over HTTP.")
    static final class ReplayCmd extends Base {
        @Parameters(arity = "1..*", paramLabel = "FILE", description = ".jsonl/.ndjson: one message per line; .csv: chunks of 200 rows; else one JSON message")
        List<Path> files;
        @Option(names = "--provider", required = true, description = "alpaca, polygon, finnhub, binance, coinbase, alphavantage, ibkr, csv, synthetic")
        String provider;
        @Option(names = "--to", required = true, description = "kafka or http")
        String to;
        @Option(names = "--url", description = "HTTP: the function URL; Kafka: bootstrap servers (default $KAFKA_BOOTSTRAP_SERVERS)")
        String url;
        @Option(names = "--rate", defaultValue = "0", description = "events per second, 0 = as fast as possible")
        double rate;
        @Option(names = "--subject", description = "subject/symbol for messages that do not name their instrument (IB RTVolume)")
        String subject;

        @Override
        public Integer call() throws Exception {
            if (!to.equals("kafka") && !to.equals("http")) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--to must be kafka or http, not " + to);
            }
            List<CloudEvent> events = new ArrayList<>();
            String run = Long.toString(System.currentTimeMillis(), 36);
            for (Path f : files) {
                for (Sample.Message m : Sample.readFile(f, provider)) {
                    String sym = subject != null ? subject : Sample.symbolOf(m);
                    events.add(CloudEvent.raw("replay-" + run + "-" + f.getFileName() + "-" + m.index(), provider, sym,
                            Sample.data(m)));
                }
            }
            long gapNanos = rate > 0 ? (long) (1e9 / rate) : 0;
            if (to.equals("kafka")) {
                String bootstrap = url != null ? url : env.get("KAFKA_BOOTSTRAP_SERVERS");
                if (bootstrap == null || bootstrap.isBlank()) {
                    throw new LauncherException("--to kafka needs --url host:port or KAFKA_BOOTSTRAP_SERVERS");
                }
                Infra.requireKafka(bootstrap);
                if (gapNanos == 0) {
                    Demo.produce(bootstrap, events);
                } else {
                    for (CloudEvent e : events) {
                        Demo.produce(bootstrap, List.of(e));
                        Thread.sleep(gapNanos / 1_000_000);
                    }
                }
                out.printf("sent %d raw events to %s topic %s%n", events.size(), bootstrap, Infra.BROKER_TOPIC);
                return 0;
            }
            if (url == null) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--to http needs --url");
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            int failed = 0;
            for (CloudEvent e : events) {
                HttpResponse<String> r = PostCmd.send(http, url, e, false);
                if (r.statusCode() / 100 != 2) {
                    failed++;
                    out.println(e.id() + " -> HTTP " + r.statusCode() + " " + r.body());
                }
                if (gapNanos > 0) {
                    Thread.sleep(gapNanos / 1_000_000);
                }
            }
            out.printf("posted %d raw events to %s, %d failed%n", events.size(), url, failed);
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "post", mixinStandardHelpOptions = true, description = "POST one CloudEvent to a function; prints status, reply ce-* headers and body.")
    static final class PostCmd extends Base {
        @Option(names = "--url", required = true)
        String url;
        @Option(names = "--type", required = true, description = "e.g. dev.marketfn.raw.v1")
        String type;
        @Option(names = "--data", required = true, description = "file with the JSON data")
        Path data;
        @Option(names = "--source", defaultValue = "/marketfn/cli")
        String source;
        @Option(names = "--id")
        String id;
        @Option(names = "--subject")
        String subject;
        @Option(names = "--ext", description = "extension attribute name=value (repeatable), e.g. provider=alpaca")
        Map<String, String> ext = new LinkedHashMap<>();
        @Option(names = "--structured", description = "structured mode (application/cloudevents+json) instead of binary")
        boolean structured;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(data) || !Files.isReadable(data)) {
                throw new LauncherException("cannot read file " + data);
            }
            byte[] body = Files.readAllBytes(data);
            if (CloudEvent.tree(body) == null) {
                throw new LauncherException(data + " is not valid JSON");
            }
            Map<String, String> extensions = new LinkedHashMap<>(ext);
            if (type.equals(CloudEvent.RAW) && !extensions.containsKey("provider") && source.startsWith("/providers/")) {
                extensions.put("provider", source.substring("/providers/".length()));
            }
            CloudEvent e = new CloudEvent(id != null ? id : UUID.randomUUID().toString(), type, source, subject, extensions, body);
            HttpResponse<String> r;
            try {
                r = send(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), url, e, structured);
            } catch (java.io.IOException x) {
                throw new LauncherException("cannot reach " + url + ": " + x);
            }
            out.println("HTTP " + r.statusCode());
            r.headers().map().forEach((k, v) -> {
                if (k.toLowerCase(java.util.Locale.ROOT).startsWith("ce-") || k.equalsIgnoreCase("content-type")) {
                    out.println(k + ": " + String.join(",", v));
                }
            });
            out.println();
            out.println(r.body());
            return r.statusCode() / 100 == 2 ? 0 : 1;
        }

        static HttpResponse<String> send(HttpClient http, String url, CloudEvent e, boolean structured) throws Exception {
            URI uri;
            try {
                uri = URI.create(url);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException("not an absolute URL");
                }
            } catch (IllegalArgumentException x) {
                throw new LauncherException("bad --url " + url + ": " + x.getMessage());
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
            if (structured) {
                b.header("Content-Type", "application/cloudevents+json").POST(HttpRequest.BodyPublishers.ofByteArray(e.structured()));
            } else {
                e.httpHeaders().forEach(b::header);
                b.POST(HttpRequest.BodyPublishers.ofByteArray(e.data()));
            }
            try {
                return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (java.net.ConnectException x) {
                throw new LauncherException("cannot reach " + url + " (connection refused)");
            }
        }
    }

    @Command(name = "tail", mixinStandardHelpOptions = true, description = "Follow CloudEvents of one type on the broker topic.")
    static final class TailCmd extends Base {
        @Option(names = "--type", required = true)
        String type;
        @Option(names = "--symbol")
        String symbol;
        @Option(names = "--limit", defaultValue = "0", description = "stop after N events (0 = follow until Ctrl-C)")
        int limit;
        @Option(names = "--from-beginning")
        boolean fromBeginning;
        @Option(names = "--bootstrap", description = "default $KAFKA_BOOTSTRAP_SERVERS")
        String bootstrap;
        @Option(names = "--topic", defaultValue = Infra.BROKER_TOPIC)
        String topic;
        @Option(names = "--timeout", defaultValue = "0", description = "give up after N seconds (0 = never)")
        int timeout;

        @Override
        public Integer call() {
            String bs = bootstrap != null ? bootstrap : env.get("KAFKA_BOOTSTRAP_SERVERS");
            if (bs == null || bs.isBlank()) {
                throw new LauncherException("tail needs --bootstrap host:port or KAFKA_BOOTSTRAP_SERVERS");
            }
            if (limit < 0) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--limit must be >= 0");
            }
            Infra.requireKafka(bs);
            long end = timeout > 0 ? System.nanoTime() + timeout * 1_000_000_000L : Long.MAX_VALUE;
            int n = 0;
            try (KafkaConsumer<String, byte[]> c = Demo.consumer(bs)) {
                List<TopicPartition> parts = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                c.assign(parts);
                if (fromBeginning) {
                    c.seekToBeginning(parts);
                } else {
                    c.seekToEnd(parts);
                }
                while (System.nanoTime() < end) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                        if (!type.equals(CloudEvent.header(r.headers(), "ce_type"))) {
                            continue;
                        }
                        String sym = CloudEvent.header(r.headers(), "ce_symbol");
                        if (sym == null) {
                            sym = CloudEvent.header(r.headers(), "ce_subject");
                        }
                        if (symbol != null && !symbol.equalsIgnoreCase(sym)) {
                            continue;
                        }
                        StringBuilder h = new StringBuilder();
                        r.headers().forEach(x -> {
                            if (x.key().startsWith("ce_") && !x.key().equals("ce_specversion")) {
                                h.append(x.key().substring(3)).append('=').append(new String(x.value(), StandardCharsets.UTF_8)).append(' ');
                            }
                        });
                        out.println(Instant.ofEpochMilli(r.timestamp()) + " " + h.toString().trim());
                        out.println("  " + new String(r.value(), StandardCharsets.UTF_8));
                        if (limit > 0 && ++n >= limit) {
                            return 0;
                        }
                    }
                }
            }
            if (limit > 0) {
                out.println("timed out after " + timeout + " s with " + n + " of " + limit + " events");
                return 1;
            }
            return 0;
        }
    }
}
