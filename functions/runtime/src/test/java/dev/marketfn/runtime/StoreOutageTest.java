package dev.marketfn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Which failures make the Kafka door wait for the database instead of spending an event's retries. */
class StoreOutageTest {
    @Test
    void unreachableDatabaseIsAnOutage() {
        assertThat(StoreOutage.isOutage(new ConnectException("Connection refused: localhost/127.0.0.1:5432"))).isTrue();
        assertThat(StoreOutage.isOutage(ClosedConnectionException.INSTANCE)).isTrue();
        assertThat(StoreOutage.isOutage(pg("57P03", "the database system is shutting down"))).isTrue();
        assertThat(StoreOutage.isOutage(pg("57P01", "terminating connection due to administrator command"))).isTrue();
        assertThat(StoreOutage.isOutage(pg("08006", "connection failure"))).isTrue();
        // wrapped, as the reactive client and Mutiny pass it on
        assertThat(StoreOutage.isOutage(new RuntimeException(new ConnectException("refused")))).isTrue();
    }

    @Test
    void anEventsOwnFailureIsNot() {
        // a trigger raising for one event (the reliability tests' poison pill), a constraint, a bad value
        assertThat(StoreOutage.isOutage(pg("P0001", "poison pill poison-1"))).isFalse();
        assertThat(StoreOutage.isOutage(pg("23505", "duplicate key value violates unique constraint"))).isFalse();
        assertThat(StoreOutage.isOutage(pg("22003", "numeric field overflow"))).isFalse();
        assertThat(StoreOutage.isOutage(new IllegalStateException("handler bug"))).isFalse();
    }

    private static PgException pg(String sqlState, String message) {
        return new PgException(message, "ERROR", sqlState, null);
    }
}
