package dev.marketfn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketfn.embedded.EmbeddedPostgresServer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The migration runner against real PostgreSQL (embedded binaries), each test in a database of its own. */
class MigrationsTest {
    static EmbeddedPostgresServer pg;
    static Vertx vertx;
    static Pool admin;
    static int databases;

    static final Migrations.Migration V1 = new Migrations.Migration("V001__a.sql", "CREATE TABLE a (x int);\n");
    static final Migrations.Migration V2 = new Migrations.Migration("V002__b.sql", "CREATE TABLE b (y int);\n");

    @BeforeAll
    static void start() {
        pg = EmbeddedPostgresServer.start();
        vertx = Vertx.vertx();
        admin = pool(EmbeddedPostgresServer.DATABASE);
    }

    @AfterAll
    static void stop() {
        admin.closeAndAwait();
        vertx.closeAndAwait();
        pg.close();
    }

    static Pool pool(String database) {
        return PgBuilder.pool().connectingTo(new PgConnectOptions().setPort(pg.port()).setHost("localhost")
                .setDatabase(database).setUser(EmbeddedPostgresServer.USER).setPassword(EmbeddedPostgresServer.PASSWORD))
                .using(vertx).build();
    }

    /** A new, empty database. */
    static Pool freshDatabase() {
        String name = "migrations_" + ++databases;
        admin.query("CREATE DATABASE " + name).execute().await().atMost(Duration.ofSeconds(30));
        return pool(name);
    }

    static List<String> apply(Pool pool, Migrations.Migration... migrations) {
        return Migrations.apply(pool, List.of(migrations)).await().atMost(Duration.ofSeconds(30));
    }

    static Map<String, String> recorded(Pool pool) {
        Map<String, String> m = new java.util.TreeMap<>();
        pool.query("SELECT version, checksum FROM schema_migrations").execute().await().indefinitely()
                .forEach(r -> m.put(r.getString(0), r.getString(1)));
        return m;
    }

    @Test
    void appliesPendingOnesOnceAndRecordsTheirChecksums() {
        Pool pool = freshDatabase();
        assertThat(apply(pool, V1)).containsExactly("V001__a.sql");
        assertThat(apply(pool, V1, V2)).containsExactly("V002__b.sql");
        assertThat(apply(pool, V1, V2)).isEmpty();
        assertThat(recorded(pool)).containsExactlyEntriesOf(new java.util.TreeMap<>(
                Map.of("V001__a.sql", V1.checksum(), "V002__b.sql", V2.checksum())));
        pool.closeAndAwait();
    }

    @Test
    void anAppliedMigrationEditedSinceFailsStartUpNamingTheFile() {
        Pool pool = freshDatabase();
        apply(pool, V1);
        var edited = new Migrations.Migration("V001__a.sql", "CREATE TABLE a (x bigint);\n");
        assertThatThrownBy(() -> apply(pool, edited, V2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("V001__a.sql").hasMessageContaining("changed after being applied")
                .hasMessageContaining(V1.checksum()).hasMessageContaining(edited.checksum());
        // nothing after it ran either
        assertThat(recorded(pool)).containsOnlyKeys("V001__a.sql");
        pool.closeAndAwait();
    }

    @Test
    void lineEndingsAreNoEdit() {
        assertThat(new Migrations.Migration("V001__a.sql", "CREATE TABLE a (x int);\r\n").checksum())
                .isEqualTo(V1.checksum());
    }

    @Test
    void rowsFromBeforeChecksumsGetThemOnTheFirstRunThenEditsAreCaught() {
        Pool pool = freshDatabase();
        // the runner's table as the previous release made it, with V001 applied
        pool.query("CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());"
                + "CREATE TABLE a (x int); INSERT INTO schema_migrations (version) VALUES ('V001__a.sql')")
                .execute().await().indefinitely();
        assertThat(apply(pool, V1, V2)).containsExactly("V002__b.sql");
        assertThat(recorded(pool)).containsEntry("V001__a.sql", V1.checksum());
        assertThatThrownBy(() -> apply(pool, new Migrations.Migration("V001__a.sql", "-- edited\n" + V1.sql())))
                .hasMessageContaining("V001__a.sql");
        pool.closeAndAwait();
    }

    @Test
    void theShippedMigrationsApplyWithTheirChecksums() {
        Pool pool = freshDatabase();
        List<Migrations.Migration> shipped = Migrations.migrations();
        assertThat(Migrations.apply(pool).await().atMost(Duration.ofSeconds(60))).containsExactlyElementsOf(Migrations.listed());
        List<String> expected = new ArrayList<>();
        shipped.forEach(m -> expected.add(m.file() + "=" + m.checksum()));
        List<String> actual = new ArrayList<>();
        recorded(pool).forEach((k, v) -> actual.add(k + "=" + v));
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(Migrations.apply(pool).await().atMost(Duration.ofSeconds(30))).isEmpty();
        pool.closeAndAwait();
    }
}
