package dev.marketfn.store;

import dev.marketfn.embedded.EmbeddedPostgresServer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.List;

/** Real PostgreSQL (embedded binaries) with every migration applied: what each store test class runs against. */
final class TestDatabase implements AutoCloseable {
    final Pool pool;
    /** The migrations applied at start, in order. */
    final List<String> applied;
    private final EmbeddedPostgresServer pg;
    private final Vertx vertx;

    private TestDatabase(EmbeddedPostgresServer pg, Vertx vertx, Pool pool, List<String> migrations) {
        this.pg = pg;
        this.vertx = vertx;
        this.pool = pool;
        this.applied = Migrations.apply(pool, Migrations.migrations().stream().filter(m -> migrations.contains(m.file())).toList())
                .await().atMost(Duration.ofSeconds(30));
    }

    static TestDatabase start() {
        return start(new PoolOptions());
    }

    static TestDatabase start(PoolOptions options) {
        return start(options, Migrations.listed());
    }

    /** A database with only {@code migrations} applied (a test migrates the rest with rows in place). */
    static TestDatabase start(PoolOptions options, List<String> migrations) {
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start();
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool().with(options).connectingTo(new PgConnectOptions().setPort(pg.port())
                .setHost("localhost").setDatabase(EmbeddedPostgresServer.DATABASE).setUser(EmbeddedPostgresServer.USER)
                .setPassword(EmbeddedPostgresServer.PASSWORD)).using(vertx).build();
        return new TestDatabase(pg, vertx, pool, migrations);
    }

    /** A libpq connection string of the database, for clients outside the JVM (the Python research client). */
    String libpqDsn() {
        return "host=localhost port=" + pg.port() + " dbname=" + EmbeddedPostgresServer.DATABASE + " user="
                + EmbeddedPostgresServer.USER + " password=" + EmbeddedPostgresServer.PASSWORD;
    }

    @Override
    public void close() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
        pg.close();
    }
}
