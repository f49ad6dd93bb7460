package dev.marketfn.store;

import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;

/**
 * One transaction around writes of several repositories: {@code work} passes the connection to each repository method
 * that takes a {@code SqlClient}, and everything commits together, or nothing does when the returned Uni fails. Vert.x
 * subscribes {@code work} without the Mutiny context, so the trace parent in it ({@link StoreTracing}) is made
 * current while {@code work} is assembled: the writes it makes are children of the handled event's span.
 */
@ApplicationScoped
public class Transactions {
    private final Pool pool;

    public Transactions(Pool pool) {
        this.pool = pool;
    }

    public <T> Uni<T> run(Function<SqlConnection, Uni<T>> work) {
        return Uni.createFrom().context(mutiny -> {
            io.opentelemetry.context.Context parent = StoreTracing.current(mutiny);
            return pool.withTransaction(conn -> {
                try (Scope ignored = parent.makeCurrent()) {
                    return work.apply(conn);
                }
            });
        });
    }
}
