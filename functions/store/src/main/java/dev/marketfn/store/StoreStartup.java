package dev.marketfn.store;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Applies pending migrations when a function starts (a no-op after the first replica did it). */
@ApplicationScoped
public class StoreStartup {
    private static final Logger LOG = Logger.getLogger(StoreStartup.class);

    void migrate(@Observes StartupEvent event, Pool pool,
            @ConfigProperty(name = "marketfn.store.migrate", defaultValue = "true") boolean migrate) {
        if (migrate) {
            var applied = Migrations.apply(pool).await().atMost(Duration.ofSeconds(60));
            if (!applied.isEmpty()) {
                LOG.infof("applied migrations %s", applied);
            }
        }
    }
}
