package dev.marketfn.launcher;

import dev.marketfn.codec.KafkaTopics;
import java.io.PrintStream;
import java.net.URI;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code marketfn}: the local stack and demo CLI. Exit codes (the same for every command, listed in each
 * {@code --help}): {@value #EXIT_OK} ok, {@value #EXIT_FAILED} failed, {@value #EXIT_USAGE} bad arguments,
 * {@value #EXIT_PARTIAL} some events or rows refused.
 */
@Command(name = "marketfn", mixinStandardHelpOptions = true, version = "marketfn 0.1.0",
        description = "Local stack, demo and tools for the marketfn functions.",
        subcommands = {Main.DemoCmd.class, Main.StackCmd.class, Main.ReplayCmd.class, Main.SynthCmd.class,
                Main.PostCmd.class, Main.TailCmd.class, Main.ActionsCmd.class, Main.DeadLettersCmd.class,
                Main.IngestCmd.class, BacktestCommand.class})
public final class Main implements Runnable {
    /** Success. */
    public static final int EXIT_OK = 0;
    /** The command could not do its job; a one-line {@code marketfn: …} message on stderr says why. */
    public static final int EXIT_FAILED = 1;
    /** Bad arguments (picocli usage error): the message and the command's usage on stderr. */
    public static final int EXIT_USAGE = 2;
    /** The command ran, but some events or rows were refused (listed on stderr) while the others went through. */
    public static final int EXIT_PARTIAL = 3;

    /** The exit-code section of every {@code --help}. */
    static final Map<String, String> EXIT_CODES = exitCodes();

    private static Map<String, String> exitCodes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(EXIT_OK + "", "ok");
        m.put(EXIT_FAILED + "", "failed: unreachable server, unreadable or invalid file, no stack, missing jars, "
                + "nothing accepted (message on stderr)");
        m.put(EXIT_USAGE + "", "bad arguments (usage on stderr)");
        m.put(EXIT_PARTIAL + "", "partly done: some events or rows were refused (non-2xx or rejected reply, "
                + "invalid rows skipped); the others went through");
        m.put("130", "interrupted (Ctrl-C)");
        return m;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required (demo, stack, replay, synth, post, tail, actions, dead-letters, ingest)");
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, System.getenv(), System.console() != null && System.console().isTerminal(),
                args));
    }

    /** Runs the CLI in-process (the tests use this) and returns the exit code. */
    public static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        return run(out, err, env, false, args);
    }

    /** As {@link #run(PrintStream, PrintStream, Map, String...)}; {@code terminal}: draw progress bars in place. */
    public static int run(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal, String... args) {
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
            return EXIT_FAILED;
        });
        wire(cl, out, err, env, terminal);
        return cl.execute(args);
    }

    private static void wire(CommandLine cl, PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
        if (cl.getCommand() instanceof Base b) {
            b.out = out;
            b.err = err;
            b.env = env;
            b.terminal = terminal;
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            wire(sub, out, err, env, terminal);
        }
    }

    abstract static class Base implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        PrintStream out = System.out;
        PrintStream err = System.err;
        Map<String, String> env = System.getenv();
        boolean terminal;

        /** A usage error of this command (exit code 2, usage printed). */
        CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }
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
                throw usage("--fraction must be in (0, 1]");
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
                out.println("  topics: " + String.join(", ", KafkaTopics.all(KafkaTopics.DEFAULT_PREFIX)) + " ("
                        + KafkaTopics.PARTITIONS + " partitions each), " + Infra.DLQ_TOPIC);
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

    /** Sends events at {@code rate} with a progress bar, lists refused ones on stderr; returns the exit code. */
    static int sendAll(Base cmd, Sender s, List<CloudEvent> events, double rate, String label,
            java.util.function.Function<CloudEvent, String> name) throws InterruptedException {
        Pacer pacer = new Pacer(rate);
        Progress progress = new Progress(cmd.out, label, events.size(), cmd.terminal, 10);
        for (CloudEvent e : events) {
            pacer.await();
            s.send(e);
            progress.update(s.sent(), s.failed());
        }
        s.flush();
        progress.finish(s.sent(), s.failed());
        return report(cmd, s, name);
    }

    static int report(Base cmd, Sender s, java.util.function.Function<CloudEvent, String> name) {
        List<Sender.Failure> failures = s.failures();
        failures.stream().limit(20).forEach(f -> cmd.err.println(name.apply(f.event()) + ": " + f.message()));
        if (failures.size() > 20) {
            cmd.err.println("… and " + (failures.size() - 20) + " more refused");
        }
        cmd.out.printf("sent %d event%s to %s: %d accepted, %d refused%n", s.sent(), s.sent() == 1 ? "" : "s", s.describe(),
                s.sent() - failures.size(), failures.size());
        return s.exitCode();
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "Live market data: hold a provider's websocket (reconnects, circuit breaker) and send its frames "
                    + "as raw events to the local stack's Kafka (normalize's topic) or an HTTP sink. Keys from the "
                    + "environment: alpaca APCA_API_KEY_ID + APCA_API_SECRET_KEY, polygon POLYGON_API_KEY; coinbase "
                    + "and binance need none (docs/ingestion.md).")
    static final class IngestCmd extends Base {
        @Option(names = "--provider", required = true, paramLabel = "P", description = "alpaca, polygon, coinbase or binance")
        String provider;
        @Option(names = "--symbols", required = true, split = ",", paramLabel = "S,S…",
                description = "instruments in the provider's spelling: AAPL, ETH-USD, BTCUSDT")
        List<String> symbols;
        @Option(names = "--channels", split = ",", defaultValue = "trades", paramLabel = "C,C…",
                description = "trades, quotes, bars (default: ${DEFAULT-VALUE})")
        List<String> channels;
        @Option(names = "--endpoint", paramLabel = "URI", description = "websocket URI instead of the provider's "
                + "(e.g. wss://stream.data.alpaca.markets/v2/sip, or a local test server)")
        String endpoint;
        @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "bootstrap servers (default $KAFKA_BOOTSTRAP_SERVERS)")
        String kafka;
        @Option(names = "--sink", paramLabel = "URL", description = "POST the events to this HTTP endpoint instead of Kafka")
        String sink;
        @Option(names = "--topic-prefix", defaultValue = KafkaTopics.DEFAULT_PREFIX, paramLabel = "PREFIX",
                description = "Kafka: raw events to <PREFIX>.normalize, alerts to <PREFIX>.alerts (default: ${DEFAULT-VALUE})")
        String topicPrefix;
        @Option(names = "--duration", defaultValue = "0", paramLabel = "SECONDS", description = "stop after this long; 0 = until Ctrl-C (default)")
        long duration;

        @Override
        public Integer call() throws Exception {
            String p = provider.trim().toLowerCase(Locale.ROOT);
            if (!dev.marketfn.connector.ConnectorFactory.PROVIDERS.contains(p)) {
                throw usage("--provider must be one of " + String.join(", ", dev.marketfn.connector.ConnectorFactory.PROVIDERS)
                        + ", not " + provider);
            }
            if (duration < 0) {
                throw usage("--duration must be >= 0");
            }
            URI uri;
            try {
                uri = endpoint == null ? null : new URI(endpoint);
            } catch (java.net.URISyntaxException e) {
                throw usage("--endpoint is not a URI: " + e.getMessage());
            }
            try {
                return Ingest.run(new Ingest.Options(p, symbols, java.util.Set.copyOf(channels), uri, kafka, sink,
                        topicPrefix, Duration.ofSeconds(duration), Duration.ofSeconds(5)), env, out);
            } catch (IllegalArgumentException e) {
                throw new LauncherException(e.getMessage());
            }
        }
    }

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
    static final class ReplayCmd extends Base {
        @Parameters(arity = "1..*", paramLabel = "FILE", description = "provider files")
        List<Path> files;
        @Option(names = "--provider", required = true, paramLabel = "P",
                description = "alpaca, polygon, finnhub, binance, coinbase, alphavantage, ibkr, csv or synthetic")
        String provider;
        @Mixin
        Destination dest;
        @Option(names = "--rate", defaultValue = "0", paramLabel = "N", description = "events per second, 0 = as fast as possible (default)")
        double rate;
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
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw usage("--rate must be >= 0");
            }
            TimeWindow window;
            try {
                window = new TimeWindow(TimeWindow.parse("--from", from), TimeWindow.parse("--until", until));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            List<CloudEvent> events = new ArrayList<>();
            int read = 0;
            String run = Long.toString(System.currentTimeMillis(), 36);
            for (Path f : files) {
                List<Sample.Message> all = Sample.readFile(f, p);
                read += all.size();
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
                return sendAll(this, s, events, rate, "replay", CloudEvent::id);
            }
        }
    }

    private static final dev.marketfn.providers.Providers PROVIDERS = dev.marketfn.providers.Providers.standard();

    @Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"A synthetic raw feed (provider synthetic) in real time, sent as dev.marketfn.raw.v1 events.",
                    "Per instrument a geometric random walk (volatility clustering, rare small jumps) on a cent grid: each "
                            + "message is one instrument's 1-4 trades since its previous message, ending now, and a quote. "
                            + "Equities trade in round lots with some odd lots (condition I); BASE-QUOTE pairs such as "
                            + "BTC-USD are crypto with fractional sizes. Runs until --count, --duration or Ctrl-C."},
            footer = {"%nExamples:",
                    "  marketfn synth --symbols AAPL,MSFT,BTC-USD --rate 20 --duration 60 \\",
                    "      --to kafka localhost:9092",
                    "  marketfn synth --symbols SYN1 --count 100 --rate 0 --to http http://localhost:8081/"})
    static final class SynthCmd extends Base {
        @Option(names = "--symbols", required = true, split = ",", paramLabel = "SYM",
                description = "instruments, e.g. AAPL,MSFT,BTC-USD")
        List<String> symbols;
        @Option(names = "--rate", defaultValue = "10", paramLabel = "N",
                description = "messages per second over all symbols; 0 = as fast as possible, needs --count or --duration (default: ${DEFAULT-VALUE})")
        double rate;
        @CommandLine.ArgGroup(exclusive = true, multiplicity = "0..1")
        Limit limit;
        @Mixin
        Destination dest;
        @Option(names = "--seed", paramLabel = "N", description = "random seed (default: random; printed, to repeat a run's price paths)")
        Long seed;
        @Option(names = "--volatility", defaultValue = "0.3", paramLabel = "SIGMA",
                description = "annual volatility of equities; crypto gets twice (default: ${DEFAULT-VALUE})")
        double volatility;
        @Option(names = "--price", paramLabel = "SYM=PRICE", description = "start price (repeatable); default from a small table, else 20..400 by the seed")
        Map<String, Double> prices = new LinkedHashMap<>();

        static final class Limit {
            @Option(names = "--duration", paramLabel = "SECONDS", description = "stop after this many seconds")
            Double duration;
            @Option(names = "--count", paramLabel = "N", description = "stop after N messages")
            Long count;
        }

        @Override
        public Integer call() throws Exception {
            Double duration = limit == null ? null : limit.duration;
            Long count = limit == null ? null : limit.count;
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw usage("--rate must be >= 0");
            }
            if (duration != null && !(duration > 0)) {
                throw usage("--duration must be > 0");
            }
            if (count != null && count <= 0) {
                throw usage("--count must be > 0");
            }
            if (rate == 0 && limit == null) {
                throw usage("--rate 0 (as fast as possible) needs --count or --duration");
            }
            long s0 = seed != null ? seed : new java.security.SecureRandom().nextLong();
            SyntheticFeed feed;
            try {
                feed = new SyntheticFeed(symbols, s0, volatility, prices);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            dest.kind();
            try (Sender s = dest.open(env)) {
                out.printf("synth %s → %s, %s msg/s%s (seed %d)%n", String.join(",", feed.symbols()), s.describe(),
                        rate == 0 ? "max" : fmt(rate), count != null ? ", " + count + (count == 1 ? " message" : " messages")
                                : duration != null ? ", " + fmt(duration) + " s" : ", until Ctrl-C", s0);
                long total = count != null ? count : duration != null && rate > 0 ? (long) Math.ceil(rate * duration) : -1;
                Progress progress = new Progress(out, "synth", total, terminal, 10);
                Pacer pacer = new Pacer(rate);
                String prefix = "synth-" + Long.toString(System.currentTimeMillis(), 36) + "-";
                long deadline = duration != null ? System.nanoTime() + (long) (duration * 1e9) : Long.MAX_VALUE;
                java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
                CountDownLatch done = new CountDownLatch(1);
                Thread hook = new Thread(() -> {
                    stop.set(true);
                    try {
                        done.await(10, TimeUnit.SECONDS); // let the loop flush what it sent
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                }, "marketfn-synth-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    while (!stop.get() && (count == null || s.sent() < count)) {
                        pacer.await();
                        if (System.nanoTime() >= deadline) {
                            break;
                        }
                        s.send(feed.next(prefix, Instant.now()));
                        progress.update(s.sent(), s.failed());
                    }
                    s.flush();
                    progress.finish(s.sent(), s.failed());
                    return report(this, s, CloudEvent::id);
                } finally {
                    done.countDown();
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // Ctrl-C: the hook is running
                    }
                }
            }
        }

        private static String fmt(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }
    }

    @Command(name = "post", mixinStandardHelpOptions = true,
            description = {"POST one CloudEvent to a function; prints the HTTP status, the reply's ce-* headers and content type, and its body.",
                    "Exit code 3 when the function refuses the event: a non-2xx reply or a dev.marketfn.rejected.v1 reply."})
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
            java.net.URI uri;
            try {
                uri = Sender.uri(url);
            } catch (LauncherException e) {
                throw usage(e.getMessage());
            }
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
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                r = Sender.post(http, uri, e, structured);
            } catch (java.io.IOException x) {
                throw Sender.unreachable(url, x);
            }
            out.println("HTTP " + r.statusCode());
            r.headers().map().forEach((k, v) -> {
                if (k.toLowerCase(Locale.ROOT).startsWith("ce-") || k.equalsIgnoreCase("content-type")) {
                    out.println(k + ": " + String.join(",", v));
                }
            });
            out.println();
            out.println(r.body());
            boolean refused = r.statusCode() / 100 != 2
                    || Sender.REJECTED.equals(CloudEvent.replyType(r));
            return refused ? EXIT_PARTIAL : EXIT_OK;
        }

        /** One POST (kept for callers of the earlier API); see {@link Sender#post}. */
        static HttpResponse<String> send(HttpClient http, String url, CloudEvent e, boolean structured) throws Exception {
            try {
                return Sender.post(http, Sender.uri(url), e, structured);
            } catch (java.io.IOException x) {
                throw Sender.unreachable(url, x);
            }
        }
    }

    @Command(name = "dead-letters", mixinStandardHelpOptions = true,
            description = "The dead letters the dead-letter function kept in rejected_events (docs/dead-letter.md).",
            subcommands = {DeadLettersReplay.class})
    static final class DeadLettersCmd implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "dead-letters needs a command: replay");
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Send dead letters again, as the events they were: the original id, type, source, subject "
                    + "and extensions (knativeerror* left out), the stored data as the body, binary mode. Rows of "
                    + "function dead-letter, reason DEAD_LETTER; a row that was no CloudEvent is listed and skipped.",
                    "Every function is idempotent (deterministic ids, upserts), so a subscriber that already took an "
                    + "event takes it again harmlessly. Fix the cause first. Rows are kept unless --delete."},
            footer = {"%nExamples:",
                    "  kubectl -n knative-eventing port-forward svc/kafka-broker-ingress 8080:80 &",
                    "  marketfn dead-letters replay --all --pg-url postgresql://localhost:5432/marketfn \\",
                    "      --to http http://localhost:8080/marketfn/marketfn",
                    "  marketfn dead-letters replay --id 3f2c… --to kafka localhost:9092 --delete"})
    static final class DeadLettersReplay extends Base {
        @Option(names = "--id", paramLabel = "ID", description = "a rejection_id to replay (repeatable)")
        List<String> ids = new ArrayList<>();
        @Option(names = "--all", description = "every dead letter, oldest first")
        boolean all;
        @Option(names = "--pg-url", paramLabel = "URL", description = "the database (default $PG_URL)")
        String pgUrl;
        @Option(names = "--pg-user", paramLabel = "USER", description = "default $PG_USER, else postgres")
        String pgUser;
        @Option(names = "--delete", description = "delete each row whose event was accepted")
        boolean delete;
        @Mixin
        Destination dest;

        @Override
        public Integer call() throws Exception {
            if (all == !ids.isEmpty()) {
                throw usage("name the dead letters: --id ID (repeatable) or --all");
            }
            dest.kind();
            String url = pgUrl != null ? pgUrl : Infra.blankToNull(env.get("PG_URL"));
            if (url == null) {
                throw new LauncherException("dead-letters replay needs --pg-url or PG_URL");
            }
            String user = pgUser != null ? pgUser : env.getOrDefault("PG_USER", "postgres");
            try (var c = Infra.connect(url, user, env.getOrDefault("PG_PASSWORD", "postgres"))) {
                List<DeadLetters.Row> rows = DeadLetters.read(c, ids);
                List<CloudEvent> events = new ArrayList<>();
                Map<CloudEvent, String> rowOf = new java.util.IdentityHashMap<>();
                for (DeadLetters.Row r : rows) {
                    if (r.event() == null) {
                        err.println(r.rejectionId() + ": skipped, " + r.unreplayable());
                    } else {
                        events.add(r.event());
                        rowOf.put(r.event(), r.rejectionId());
                    }
                }
                int missing = ids.isEmpty() ? 0 : ids.size() - rows.size();
                if (missing > 0) {
                    err.println(missing + " of the --id values name no dead letter");
                }
                out.printf("%d dead letter%s to replay, %d skipped%n", events.size(), events.size() == 1 ? "" : "s",
                        rows.size() - events.size());
                if (events.isEmpty()) {
                    throw new LauncherException("no dead letter to replay");
                }
                int code;
                List<String> accepted = new ArrayList<>();
                try (Sender s = dest.open(env)) {
                    code = sendAll(this, s, events, 0, "dead letters", rowOf::get);
                    var refused = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<CloudEvent, Boolean>());
                    s.failures().forEach(f -> refused.add(f.event()));
                    events.stream().filter(e -> !refused.contains(e)).forEach(e -> accepted.add(rowOf.get(e)));
                }
                if (delete) {
                    out.printf("deleted %d replayed row%s%n", DeadLetters.delete(c, accepted), accepted.size() == 1 ? "" : "s");
                }
                return code == EXIT_OK && (rows.size() > events.size() || missing > 0) ? EXIT_PARTIAL : code;
            }
        }
    }

    @Command(name = "actions", mixinStandardHelpOptions = true, description = "Corporate actions.",
            subcommands = {ActionsLoad.class})
    static final class ActionsCmd implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "actions needs a command: load");
        }
    }

    @Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Bulk-load corporate actions: each valid row is sent as one "
                    + "dev.marketfn.corporate-action.announced.v1 event, so the corporate-action function stores it "
                    + "exactly like an announcement.",
                    "FILE: CSV with a header of payload fields (action_id,symbol,type,ratio,amount,currency,ex_date,"
                            + "record_date,pay_date,new_symbol,known_at; empty cell = null), a JSON array of payloads, "
                            + "or one JSON payload per line. Every row is validated first, like the function does; "
                            + "invalid rows are listed on stderr as FILE:LINE: field: why, and skipped (exit code 3) "
                            + "unless --strict. Without known_at the function stamps the time it receives the event.",
                    "Event ids are action-<action_id>-<hash of the row>: loading the same file twice sends the same ids."},
            footer = {"%nExamples:",
                    "  marketfn actions load splits.csv --to kafka localhost:9092",
                    "  marketfn actions load actions.json --to http http://localhost:8083/",
                    "  marketfn actions load actions.json --dry-run"})
    static final class ActionsLoad extends Base {
        @Parameters(paramLabel = "FILE", description = "CSV, JSON array or JSON lines")
        Path file;
        @Mixin
        Destination dest;
        @Option(names = "--dry-run", description = "validate only; send nothing")
        boolean dryRun;
        @Option(names = "--strict", description = "send nothing when any row is invalid (exit code 1)")
        boolean strict;
        @Option(names = "--rate", defaultValue = "0", paramLabel = "N", description = "events per second, 0 = as fast as possible (default)")
        double rate;

        @Override
        public Integer call() throws Exception {
            if (!dryRun) {
                dest.kind();
            }
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw usage("--rate must be >= 0");
            }
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
                return parsed.bad().isEmpty() ? EXIT_OK : EXIT_PARTIAL;
            }
            Map<String, ActionsFile.Row> byId = new LinkedHashMap<>();
            List<CloudEvent> events = new ArrayList<>();
            for (ActionsFile.Row r : parsed.rows()) {
                CloudEvent e = r.event();
                byId.putIfAbsent(e.id(), r);
                events.add(e);
            }
            try (Sender s = dest.open(env)) {
                int code = sendAll(this, s, events, rate, "actions", e -> name + ":" + byId.get(e.id()).line() + " "
                        + byId.get(e.id()).action().actionId());
                return code == EXIT_OK && !parsed.bad().isEmpty() ? EXIT_PARTIAL : code;
            }
        }
    }

    @Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Follow CloudEvents of one type on the broker topic (Kafka binary mode): one line of ce_* "
                    + "attributes with the record time, then the data.",
                    "Exit code 1 when --timeout passes before --limit events were seen."},
            footer = {"%nExample:", "  marketfn tail --type dev.marketfn.alpha.call.v1 --symbol AAPL --limit 10"})
    static final class TailCmd extends Base {
        @Option(names = "--type", required = true, paramLabel = "T", description = "CloudEvent type, e.g. dev.marketfn.alpha.call.v1")
        String type;
        @Option(names = "--symbol", paramLabel = "S", description = "only events whose symbol extension (or subject) is S")
        String symbol;
        @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "stop after N events (0 = follow until Ctrl-C)")
        int limit;
        @Option(names = "--from-beginning", description = "read the topic from its start (default: from its end)")
        boolean fromBeginning;
        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "default $KAFKA_BOOTSTRAP_SERVERS")
        String bootstrap;
        @Option(names = "--topic-prefix", defaultValue = KafkaTopics.DEFAULT_PREFIX, paramLabel = "PREFIX",
                description = "reads the first topic events of the type are written to, <PREFIX>.<subscriber> "
                        + "(default prefix: ${DEFAULT-VALUE})")
        String topicPrefix;
        @Option(names = "--timeout", defaultValue = "0", paramLabel = "SECONDS", description = "give up after N seconds (0 = never)")
        int timeout;

        @Override
        public Integer call() {
            String bs = bootstrap != null ? bootstrap : env.get("KAFKA_BOOTSTRAP_SERVERS");
            if (bs == null || bs.isBlank()) {
                throw new LauncherException("tail needs --bootstrap host:port or KAFKA_BOOTSTRAP_SERVERS");
            }
            if (limit < 0 || timeout < 0) {
                throw usage(limit < 0 ? "--limit must be >= 0" : "--timeout must be >= 0");
            }
            Infra.requireKafka(bs);
            long end = timeout > 0 ? System.nanoTime() + timeout * 1_000_000_000L : Long.MAX_VALUE;
            int n = 0;
            String topic = KafkaTopics.of(topicPrefix, type).get(0);
            try (KafkaConsumer<String, byte[]> c = Demo.consumer(bs)) {
                var infos = c.listTopics(Duration.ofSeconds(10)).get(topic);
                if (infos == null || infos.isEmpty()) {
                    throw new LauncherException("no topic " + topic + " on " + bs);
                }
                List<TopicPartition> parts = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                c.assign(parts);
                if (fromBeginning) {
                    c.seekToBeginning(parts);
                } else {
                    c.seekToEnd(parts);
                }
                while (System.nanoTime() < end) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                        if (!type.equals(CloudEvent.type(r))) {
                            continue;
                        }
                        Map<String, String> attrs = CloudEvent.attributes(r);
                        String sym = attrs.getOrDefault("symbol", attrs.get("subject"));
                        if (symbol != null && !symbol.equalsIgnoreCase(sym)) {
                            continue;
                        }
                        StringBuilder h = new StringBuilder();
                        new java.util.TreeMap<>(attrs).forEach((k, v) -> {
                            if (!k.equals("specversion")) {
                                h.append(k).append('=').append(v).append(' ');
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
