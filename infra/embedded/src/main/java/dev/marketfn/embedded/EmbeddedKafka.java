package dev.marketfn.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * A real single-node Apache Kafka cluster (KRaft, combined broker+controller) inside this JVM.
 *
 * <p>The test kit deletes its log directories from JVM shutdown hooks, which run concurrently with everything else at
 * exit; a broker still running then sees its log directory vanish and calls {@code Exit.halt(1)}, turning a passing
 * test JVM into a crashed one. So the embedded broker is given two rules: it may never terminate the host JVM, and
 * its directories are deleted by one shutdown hook of ours, only after the cluster has stopped.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EmbeddedKafka.class.getName());
    private static final List<Runnable> DIRECTORY_CLEANUPS = new ArrayList<>();

    private final KafkaClusterTestKit cluster;
    private boolean closed;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static EmbeddedKafka start() {
        Exit.Procedure keepHostAlive = (status, message) ->
                LOG.log(System.Logger.Level.WARNING, "embedded Kafka asked to end the JVM ({0}): {1}", status, message);
        Exit.setExitProcedure(keepHostAlive);
        Exit.setHaltProcedure(keepHostAlive);
        Exit.setShutdownHookAdder((name, hook) -> {
            synchronized (DIRECTORY_CLEANUPS) {
                DIRECTORY_CLEANUPS.add(hook);
            }
        });
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("num.partitions", "4")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            EmbeddedKafka kafka = new EmbeddedKafka(cluster);
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "embedded-kafka-stop"));
            return kafka;
        } catch (Exception e) {
            throw new IllegalStateException("embedded Kafka failed to start", e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates topics up front so consumers that start at "latest" never miss the first events. */
    public void createTopics(int partitions, String... topics) {
        createTopics(bootstrapServers(), partitions, topics);
    }

    public static void createTopics(String bootstrap, int partitions, String... topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            for (String topic : topics) {
                if (existing.contains(topic)) {
                    continue;
                }
                try {
                    admin.createTopics(Set.of(new NewTopic(topic, partitions, (short) 1))).all().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitLeaders(admin, partitions, topics);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics on " + bootstrap, e);
        }
    }

    /**
     * A created topic is not yet usable: until every partition has a leader, a client's metadata can list it with no
     * partitions (a consumer assigned that empty list fails its first poll). Bounded at 30 s.
     */
    private static void awaitLeaders(Admin admin, int partitions, String... topics) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            boolean ready = true;
            try {
                for (var d : admin.describeTopics(List.of(topics)).allTopicNames().get().values()) {
                    ready &= d.partitions().size() >= partitions
                            && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                }
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                ready = false;
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + List.of(topics) + " have no leaders after 30 s");
            }
            Thread.sleep(50);
        }
    }

    /** Stops the cluster, then deletes its directories. Safe to call twice (explicitly and from the shutdown hook). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "embedded Kafka did not stop cleanly", e);
        }
        List<Runnable> cleanups;
        synchronized (DIRECTORY_CLEANUPS) {
            cleanups = List.copyOf(DIRECTORY_CLEANUPS);
            DIRECTORY_CLEANUPS.clear();
        }
        cleanups.forEach(Runnable::run);
    }
}
