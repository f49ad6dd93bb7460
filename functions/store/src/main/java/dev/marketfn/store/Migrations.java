package dev.marketfn.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Applies the versioned SQL files listed in {@code db/migrations/index.txt} in order, once each, and records each in
 * {@code schema_migrations} with the SHA-256 of its text. A file whose text no longer matches the checksum recorded
 * when it ran was edited after it was applied: start-up fails naming it, since the database does not hold what the
 * file now says (add a new migration instead). Rows recorded before checksums existed get theirs on the first run
 * that finds them empty. A transaction-scoped advisory lock lets several replicas start at once: one migrates, the
 * others wait and find nothing left to do. The index file (not a classpath scan) keeps this native-image friendly.
 *
 * <p>Why not Flyway: it needs a JDBC driver and data source beside the reactive client in each of the five functions
 * (start-up time and memory of a scale-from-zero function), for the three things this class does.
 */
public final class Migrations {
    private static final String DIR = "db/migrations/";
    private static final String INDEX = DIR + "index.txt";
    private static final long LOCK_KEY = 0x6d61726b6574666eL; // "marketfn"

    /** One migration file: its name (the version recorded) and its SQL. */
    public record Migration(String file, String sql) {
        /**
         * SHA-256 (hex) of the SQL with line endings normalized, so a checkout with CRLF line endings is not an edit.
         */
        public String checksum() {
            try {
                byte[] text = sql.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no SHA-256", e);
            }
        }
    }

    private Migrations() {
    }

    /** Applies the pending migrations of the index; the files applied now, in order. */
    public static Uni<List<String>> apply(Pool pool) {
        return apply(pool, migrations());
    }

    /**
     * Applies the pending ones of {@code migrations}, in order, after checking the applied ones are unchanged; the
     * files applied now. Fails with an {@link IllegalStateException} naming every edited file, applying nothing.
     */
    static Uni<List<String>> apply(Pool pool, List<Migration> migrations) {
        return pool.withTransaction(conn -> conn.query("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")").execute()
                .chain(() -> conn.query("CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, "
                        + "applied_at timestamptz NOT NULL DEFAULT now(), checksum text)").execute())
                // a table made before checksums existed
                .chain(() -> conn.query("ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text").execute())
                .chain(() -> conn.query("SELECT version, checksum FROM schema_migrations").execute())
                .chain(rows -> {
                    Map<String, String> applied = new HashMap<>();
                    for (Row row : rows) {
                        applied.put(row.getString(0), row.getString(1));
                    }
                    List<String> edited = new ArrayList<>();
                    List<Migration> unrecorded = new ArrayList<>();
                    List<Migration> pending = new ArrayList<>();
                    for (Migration m : migrations) {
                        if (!applied.containsKey(m.file())) {
                            pending.add(m);
                        } else if (applied.get(m.file()) == null) {
                            unrecorded.add(m);
                        } else if (!applied.get(m.file()).equals(m.checksum())) {
                            edited.add(m.file() + " (applied with checksum " + applied.get(m.file()) + ", now "
                                    + m.checksum() + ")");
                        }
                    }
                    // versions in the table the index does not list are left alone: a replica of the previous
                    // release may start while a newer one has migrated
                    if (!edited.isEmpty()) {
                        return Uni.createFrom().failure(new IllegalStateException("migration" + (edited.size() == 1 ? " " : "s ")
                                + String.join(", ", edited) + " changed after being applied: the database does not hold "
                                + "what the file says. Restore the applied text and put the change in a new migration."));
                    }
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Migration m : unrecorded) {
                        chain = chain.chain(() -> conn.preparedQuery("UPDATE schema_migrations SET checksum = $2 WHERE version = $1")
                                .execute(Tuple.of(m.file(), m.checksum())).replaceWithVoid());
                    }
                    for (Migration m : pending) {
                        chain = chain.chain(() -> applyOne(conn, m));
                    }
                    return chain.replaceWith(pending.stream().map(Migration::file).toList());
                }));
    }

    private static Uni<Void> applyOne(SqlConnection conn, Migration m) {
        return conn.query(m.sql()).execute()
                .chain(() -> conn.preparedQuery("INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)")
                        .execute(Tuple.of(m.file(), m.checksum())))
                .replaceWithVoid();
    }

    /** The migration files the index lists, in order. */
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

    static List<Migration> migrations() {
        return listed().stream().map(f -> new Migration(f, read(DIR + f))).toList();
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
