package dev.marketfn.launcher;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --pg-url} and {@code --pg-user} of the commands that read or write the database; the password is
 * {@code $PG_PASSWORD} (never an option, so it stays out of shell history and process lists).
 */
final class DatabaseOptions {
    @Option(names = "--pg-url", paramLabel = "URL", description = "the database (default $PG_URL)")
    String url;
    @Option(names = "--pg-user", paramLabel = "USER", description = "default $PG_USER, else postgres")
    String user;

    /** The database named: the option, else {@code $PG_URL}; null when neither is set. */
    String urlOrNull(Map<String, String> env) {
        return url != null ? url : Infra.blankToNull(env.get("PG_URL"));
    }

    /** The database of {@code command}: the option, else {@code $PG_URL}; fails saying where to set it. */
    String url(Map<String, String> env, String command) {
        String u = urlOrNull(env);
        if (u == null) {
            throw new LauncherException(command + " needs --pg-url or PG_URL (marketfn stack up writes it to "
                    + ".marketfn/stack.env)");
        }
        return u;
    }

    Connection connect(Map<String, String> env, String command) throws SQLException {
        return connectTo(url(env, command), env);
    }

    /** A connection to {@code url} as the option's user, else {@code $PG_USER} of {@code env}, else postgres. */
    Connection connectTo(String url, Map<String, String> env) throws SQLException {
        return Infra.connect(url, user != null ? user : env.getOrDefault("PG_USER", "postgres"),
                env.getOrDefault("PG_PASSWORD", "postgres"));
    }
}
