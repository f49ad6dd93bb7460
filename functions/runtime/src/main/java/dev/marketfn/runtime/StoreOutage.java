package dev.marketfn.runtime;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.Set;

/**
 * Failures that say the database cannot be reached at all, whatever the event: no connection, a connection closed
 * under the statement, or a server shutting down or starting up. Any other failure may be the event's own (a poison
 * pill) and counts against its retries.
 */
final class StoreOutage {
    /** SQLSTATE 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up, shutting down). */
    private static final Set<String> UNAVAILABLE = Set.of("57P01", "57P02", "57P03");

    private StoreOutage() {
    }

    static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // Netty's connection-refused exception is a java.net.ConnectException
            if (t instanceof ClosedConnectionException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || UNAVAILABLE.contains(pg.getSqlState()))) {
                return true;
            }
        }
        return false;
    }
}
