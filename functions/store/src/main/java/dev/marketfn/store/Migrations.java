package dev.marketfn.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies the versioned SQL files listed in {@code db/migrations/index.txt} in order, once each. A transaction-scoped
 * advisory lock lets several replicas start at once: one migrates, the others wait and find nothing left to do.
 * The index file (not a classpath scan) keeps this native-image friendly.
 */
public final class Migrations {
    private static final String INDEX = "db/migrations/index.txt";
    private static final long LOCK_KEY = 0x6d61726b6574666eL; // "marketfn"

    private Migrations() {
    }

    public static Uni<List<String>> apply(Pool pool) {
        return apply(pool, listed());
    }

    /** Applies those of {@code files} (in order, from the index) not applied yet; tests migrate a database in steps. */
    static Uni<List<String>> apply(Pool pool, List<String> files) {
        return pool.withTransaction(conn -> conn.query("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")").execute()
                .chain(() -> conn.query("CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, "
                        + "applied_at timestamptz NOT NULL DEFAULT now())").execute())
                .chain(() -> conn.query("SELECT version FROM schema_migrations").execute())
                .chain(rows -> {
                    Set<String> applied = new HashSet<>();
                    for (Row row : rows) {
                        applied.add(row.getString(0));
                    }
                    List<String> pending = files.stream().filter(f -> !applied.contains(f)).toList();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (String file : pending) {
                        chain = chain.chain(() -> applyOne(conn, file));
                    }
                    return chain.replaceWith(pending);
                }));
    }

    private static Uni<Void> applyOne(SqlConnection conn, String file) {
        return conn.query(read("db/migrations/" + file)).execute()
                .chain(() -> conn.preparedQuery("INSERT INTO schema_migrations (version) VALUES ($1)")
                        .execute(io.vertx.mutiny.sqlclient.Tuple.of(file)))
                .replaceWithVoid();
    }

    static List<String> listed() {
        List<String> files = new ArrayList<>();
        for (String line : read(INDEX).split("\n")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                files.add(name);
            }
        }
        return files;
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
