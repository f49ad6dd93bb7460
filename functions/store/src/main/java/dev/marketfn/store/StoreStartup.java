package dev.marketfn.store;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * When a function starts: applies pending migrations (a no-op after the first replica did it), writes the configured
 * retention policy and runs {@link PartitionMaintenance}, then again every {@code marketfn.store.partitions.every}.
 */
@ApplicationScoped
public class StoreStartup {
    private static final Logger LOG = Logger.getLogger(StoreStartup.class);

    /** Table → the name of its retention setting, {@code marketfn.store.retention.<name>-days} (docs/storage-tiers.md). */
    static final Map<String, String> RETENTION_KEYS = Map.of("raw_events", "raw-events", "ticks", "ticks",
            "bar_trades", "bar-trades", "late_trades", "late-trades", "quality_alerts", "quality-alerts",
            "bars_ohlcv", "bars", "indicator_values", "indicator-values", "signals", "signals");

    private Vertx vertx;
    private long timer = -1;
    private volatile boolean policyWritten;

    void migrate(@Observes StartupEvent event, Pool pool, Vertx vertx, Config config,
            @ConfigProperty(name = "marketfn.store.migrate", defaultValue = "true") boolean migrate,
            @ConfigProperty(name = "marketfn.store.partitions.maintain", defaultValue = "true") boolean maintain,
            @ConfigProperty(name = "marketfn.store.partitions.every", defaultValue = "1h") Duration every) {
        if (migrate) {
            var applied = Migrations.apply(pool).await().atMost(Duration.ofSeconds(60));
            if (!applied.isEmpty()) {
                LOG.infof("applied migrations %s", applied);
            }
        }
        if (maintain) {
            PartitionMaintenance maintenance = new PartitionMaintenance(pool);
            List<PartitionMaintenance.Policy> policies = configured(config);
            try {
                maintenance.configure(policies).await().atMost(Duration.ofSeconds(30));
                policyWritten = true;
                log(maintenance.run(Instant.now()).await().atMost(Duration.ofSeconds(60)));
            } catch (RuntimeException e) {
                // no reason not to start: rows of a day without partition wait in the DEFAULT partition
                LOG.warnf("partition maintenance failed at start-up, next try in %s: %s", every, e);
            }
            this.vertx = vertx;
            // a failed run (a lock timeout behind a long query) is retried at the next tick; the configured policy is
            // written once, so a policy set later with `marketfn maintain --retain` holds until the next start
            timer = vertx.setPeriodic(every.toMillis(), id -> (policyWritten ? Uni.createFrom().voidItem()
                    : maintenance.configure(policies).invoke(() -> policyWritten = true))
                    .chain(() -> maintenance.run(Instant.now())).subscribe().with(
                    StoreStartup::log, e -> LOG.warnf("partition maintenance failed, next try in %s: %s", every, e)));
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (vertx != null && timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The policies set in config ({@code marketfn.store.retention.*-days}, {@code marketfn.store.partitions.ahead-days}). */
    static List<PartitionMaintenance.Policy> configured(Config config) {
        Integer ahead = config.getOptionalValue("marketfn.store.partitions.ahead-days", Integer.class).orElse(null);
        List<PartitionMaintenance.Policy> out = new ArrayList<>();
        RETENTION_KEYS.forEach((table, key) -> {
            Integer retain = config.getOptionalValue("marketfn.store.retention." + key + "-days", Integer.class)
                    .orElse(null);
            if (retain != null || ahead != null) {
                out.add(new PartitionMaintenance.Policy(table, ahead, retain));
            }
        });
        return out;
    }

    private static void log(List<PartitionMaintenance.Action> actions) {
        for (PartitionMaintenance.Action a : actions) {
            if (a.action().equals("kept")) {
                LOG.warnf("%s %s is past retention but kept: the archive does not hold all of its %d rows", a.table(),
                        a.day(), a.rows());
            } else {
                LOG.infof("%s %s: %s (%d rows)", a.table(), a.day(), a.action(), a.rows() == null ? 0 : a.rows());
            }
        }
    }
}
