package dev.marketfn.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Apache Kafka (KRaft, combined broker + controller) in a child JVM on fixed ports with a fixed log
 * directory, so a test can kill it ({@code kill -9}) or stop it and start it again with everything it had stored. The
 * embedded test-kit cluster of {@code infra/embedded} cannot do that: it lives in the test JVM and deletes its
 * directories when it stops.
 */
final class KafkaBroker implements AutoCloseable {
    private final Path dir;
    private final Path config;
    private final int port;
    private Process process;
    private int starts;

    private KafkaBroker(Path dir, Path config, int port) {
        this.dir = dir;
        this.config = config;
        this.port = port;
    }

    static KafkaBroker start(Path dir) throws Exception {
        Files.createDirectories(dir);
        int port = Ports.free();
        int controller = Ports.free();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controller);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controller);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("num.partitions", "4");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        // room for the > 1 MiB records of the malformed corpus (the functions must reject them, not choke on them)
        p.put("message.max.bytes", Integer.toString(4 << 20));
        Path config = dir.resolve("server.properties");
        try (var w = Files.newBufferedWriter(config)) {
            p.store(w, "marketfn reliability broker");
        }
        KafkaBroker broker = new KafkaBroker(dir, config, port);
        Process format = broker.java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString(), "--ignore-formatted").redirectOutput(dir.resolve("format.log").toFile()).start();
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("kafka storage format failed: " + Files.readString(dir.resolve("format.log")));
        }
        broker.startProcess();
        return broker;
    }

    String bootstrap() {
        return "localhost:" + port;
    }

    private ProcessBuilder java(String main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", Ports.testClasspath(),
                main));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    /** Starts the broker process and waits until it answers (it keeps its port and its log directory). */
    void startProcess() throws Exception {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("broker already running");
        }
        starts++;
        Path log = dir.resolve("broker-" + starts + ".log");
        process = java("kafka.Kafka", config.toString()).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("kafka broker exited with " + process.exitValue() + ": "
                        + Ports.tail(log, 30));
            }
            try (Admin admin = admin(3000)) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
                Thread.sleep(300);
            }
        }
        throw new IllegalStateException("kafka broker not ready: " + Ports.tail(log, 30), last);
    }

    /** {@code kill -9}: no controlled shutdown, no flush; the restart recovers the logs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    Admin admin(int timeoutMs) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs * 2);
        return Admin.create(p);
    }

    void createTopic(String name, int partitions, Map<String, String> configs) throws Exception {
        try (Admin admin = admin(10000)) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
