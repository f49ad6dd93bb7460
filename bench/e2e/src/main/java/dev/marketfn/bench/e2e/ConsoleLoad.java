package dev.marketfn.bench.e2e;

import dev.marketfn.launcher.ConsoleApp;
import dev.marketfn.launcher.Functions;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;

/**
 * The live console (infra/console, its own JVM, following the broker topics as on the local stack) with
 * {@value #CLIENTS} browser-equivalent Server-Sent-Events clients on the feed's {@value #SYMBOLS} most active symbols:
 * client i watches {@value #PER_CLIENT} of them (from the 2i-th on, so each symbol has five watchers), every kind
 * (bars, signals, alerts, rejections), as a chart page does. Push latency is a signal's arrival at a client minus
 * the time its alpha.call record was appended to the topic (Kafka CreateTime, seen by the {@link Observer}); every
 * client must receive every signal the store holds for its symbols from the phase.
 */
final class ConsoleLoad implements SideLoad {
    static final int CLIENTS = 50;
    static final int SYMBOLS = 100;
    static final int PER_CLIENT = 10;
    private static final Pattern SIGNAL_ID = Pattern.compile("\"signal_id\":\"([^\"]+)\"");
    private final SideLoadContext context;
    private final Functions console = new Functions();
    private HttpClient http;
    private final List<Client> clients = new ArrayList<>();
    private Functions.Child child;
    private double cpuAtStart;
    private long phaseStartMs;

    /** One browser: its symbols, and each signal it got with the time it arrived. */
    static final class Client {
        final List<String> symbols;
        final List<String> signalIds = new ArrayList<>();
        final List<Long> arrivedMs = new ArrayList<>();
        long messages;
        volatile String failure;

        Client(List<String> symbols) {
            this.symbols = symbols;
        }

        synchronized void signal(String id, long ms) {
            signalIds.add(id);
            arrivedMs.add(ms);
        }
    }

    ConsoleLoad(SideLoadContext context) {
        this.context = context;
    }

    @Override
    public String phase() {
        return "with-console";
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "the console following the broker topics, %d SSE clients on the %d most "
                + "active symbols (%d each, every kind)", CLIENTS, SYMBOLS, PER_CLIENT);
    }

    @Override
    public void start() throws Exception {
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", context.infra().bootstrap, "PG_URL",
                context.infra().pgUrl, "PG_USER", context.infra().pgUser, "PG_PASSWORD", context.infra().pgPassword);
        if (ConsoleApp.start(console, context.functionsDir(), env, context.jvmOpts(), context.stateDir().resolve("logs"),
                System.nanoTime() + TimeUnit.SECONDS.toNanos(120), System.out) == null) {
            throw new IllegalStateException("the console is not built: " + ConsoleApp.jar(context.functionsDir()));
        }
        child = console.children().get(ConsoleApp.NAME);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        awaitFeedAssigned(TimeUnit.SECONDS.toNanos(60));
        List<String> symbols = context.mostActiveSymbols().subList(0, Math.min(SYMBOLS,
                context.mostActiveSymbols().size()));
        CountDownLatch open = new CountDownLatch(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            List<String> mine = new ArrayList<>();
            for (int j = 0; j < PER_CLIENT; j++) {
                mine.add(symbols.get((2 * i + j) % symbols.size()));
            }
            Client c = new Client(mine);
            clients.add(c);
            Thread.ofVirtual().name("sse-client-" + i).start(() -> follow(c, open));
        }
        if (!open.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not every SSE client got its stream opened within 30 s");
        }
        cpuAtStart = Procs.cpuSeconds(child.process().pid(), false);
        context.observer().keepSignalTimes(true);
        phaseStartMs = System.currentTimeMillis();
    }

    private String base() {
        return "http://127.0.0.1:" + child.port();
    }

    private void follow(Client c, CountDownLatch open) {
        URI uri = URI.create(base() + "/api/live?symbols=" + URLEncoder.encode(String.join(",", c.symbols),
                StandardCharsets.UTF_8));
        try {
            HttpResponse<Stream<String>> resp = http.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            if (resp.statusCode() != 200) {
                c.failure = "HTTP " + resp.statusCode();
                open.countDown();
                return;
            }
            boolean counted = false;
            String event = null;
            for (Iterator<String> lines = resp.body().iterator(); lines.hasNext(); ) {
                String line = lines.next();
                if (!counted && line.startsWith(": open")) {
                    open.countDown();
                    counted = true;
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    c.messages++;
                    if ("signal".equals(event)) {
                        Matcher m = SIGNAL_ID.matcher(line);
                        if (m.find()) {
                            c.signal(m.group(1), System.currentTimeMillis());
                        }
                    }
                    event = null;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (c.failure == null && http != null) {
                c.failure = e.toString();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.countDown();
        }
    }

    /** The console starts at the topics' end: records appended before its group has its partitions never show. */
    private void awaitFeedAssigned(long timeoutNanos) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, context.infra().bootstrap);
        try (Admin admin = Admin.create(p)) {
            long deadline = System.nanoTime() + timeoutNanos;
            while (System.nanoTime() < deadline) {
                var group = admin.describeConsumerGroups(List.of("marketfn-console")).all().get()
                        .get("marketfn-console");
                if (group.members().stream().map(MemberDescription::assignment)
                        .anyMatch(a -> !a.topicPartitions().isEmpty())) {
                    Thread.sleep(1000); // the first poll positions at the end after the assignment
                    return;
                }
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("the console never got its partitions; see " + child.log());
    }

    @Override
    public Outcome finish(double phaseSeconds) throws Exception {
        // the last pushes are behind the last appended record by their latency
        Thread.sleep(2000);
        double cpu = Procs.cpuSeconds(child.process().pid(), false) - cpuAtStart;
        long rss = Procs.statusKb(child.process().pid(), "VmRSS");
        http.shutdownNow();
        List<String> lines = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        long unmatched = 0;
        long received = 0;
        long messages = 0;
        int failed = 0;
        long missing = 0;
        long expected = 0;
        try (Connection db = context.infra().connect(); PreparedStatement ps = db.prepareStatement(
                "SELECT signal_id FROM signals WHERE symbol = ANY (?) AND created_at >= ?")) {
            for (Client c : clients) {
                if (c.failure != null && c.messages == 0) {
                    failed++;
                }
                messages += c.messages;
                java.util.Set<String> got = new java.util.HashSet<>();
                synchronized (c) {
                    for (int i = 0; i < c.signalIds.size(); i++) {
                        String id = c.signalIds.get(i);
                        got.add(id);
                        received++;
                        Long appended = context.observer().signalAppendedMs(id);
                        if (appended == null) {
                            unmatched++;
                        } else {
                            latencies.add((c.arrivedMs.get(i) - appended) * 1000);
                        }
                    }
                }
                Array symbols = db.createArrayOf("text", c.symbols.toArray());
                ps.setArray(1, symbols);
                ps.setTimestamp(2, new Timestamp(phaseStartMs));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        expected++;
                        if (!got.contains(rs.getString(1))) {
                            missing++;
                        }
                    }
                }
            }
        }
        context.observer().keepSignalTimes(false);
        long[] micros = latencies.stream().mapToLong(Long::longValue).toArray();
        lines.add(String.format(Locale.ROOT, "console: %.1f CPU-s over the phase, RSS %.0f MB; %d clients (%d "
                + "failed), %,d messages pushed in all; signals: %,d pushes of the %,d the store holds for the "
                + "clients' symbols (%,d missing)%s", cpu, rss / 1024.0, clients.size(), failed, messages, received,
                expected, missing, unmatched == 0 ? "" : String.format(Locale.ROOT, "; %,d pushes of signal ids the "
                        + "observer had not seen", unmatched)));
        lines.add("PUSH LATENCY (alpha.call record appended -> signal at the SSE client): " + Stats.latencyLine(micros));
        boolean ok = failed == 0 && missing == 0 && expected > 0;
        lines.add(String.format(Locale.ROOT, "  %-4s every client got every signal of its symbols from the phase",
                ok ? "ok" : "FAIL"));
        console.close();
        return new Outcome(lines, ok);
    }

    @Override
    public void close() {
        if (http != null) {
            http.shutdownNow();
        }
        console.close();
    }
}
