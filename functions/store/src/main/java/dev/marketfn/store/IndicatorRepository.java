package dev.marketfn.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.marketfn.contracts.BarValues;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code indicator_values}: one row per closed bar, written on the connection holding the series lock. */
@ApplicationScoped
public class IndicatorRepository {
    private static final TypeReference<LinkedHashMap<String, Double>> VALUES = new TypeReference<>() {
    };

    public Uni<Void> upsert(SqlConnection conn, List<IndicatorComputed> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // The JSON goes in as text, parsed by PostgreSQL: jsonb keeps every decimal exactly as emitted (185.1200,
        // 23.056071428571428571), which a JsonObject (numbers as doubles) would not; a redelivery re-emits it (emittedBy).
        List<Tuple> tuples = records.stream().map(r -> Tuple.from(new Object[] {r.provider(), r.symbol(), r.interval(),
                Sql.ts(r.ts()), new String(Json.bytes(r.bar()), StandardCharsets.UTF_8),
                new String(Json.bytes(r.indicators()), StandardCharsets.UTF_8)})).toList();
        return conn.preparedQuery("""
                INSERT INTO indicator_values AS v (provider, symbol, "interval", ts, bar, "values")
                VALUES ($1, $2, $3, $4, $5::text::jsonb, $6::text::jsonb)
                ON CONFLICT (provider, symbol, "interval", ts) DO UPDATE SET bar = EXCLUDED.bar,
                    "values" = EXCLUDED."values", computed_at = now()
                WHERE (v.bar, v."values") IS DISTINCT FROM (EXCLUDED.bar, EXCLUDED."values")""")
                .executeBatch(tuples).replaceWithVoid();
    }

    /**
     * The records emitted for the bars that the input events {@code inputIds} closed ({@code bars_ohlcv.emitted_by}), as
     * they were emitted: the bar and the values stored with them (a bar revised later by a late trade keeps its emitted
     * values here). Ordered by provider, symbol, interval, ts; the indicator function orders them again in Java, so
     * the database's collation cannot change the order of a re-emission.
     */
    public Uni<List<IndicatorComputed>> emittedBy(SqlClient client, Collection<String> inputIds) {
        return client.preparedQuery("""
                SELECT v.provider, v.symbol, v."interval", v.ts, v.bar::text, v."values"::text
                FROM bars_ohlcv b JOIN indicator_values v USING (provider, symbol, "interval", ts)
                WHERE b.emitted_by = ANY($1)
                ORDER BY v.provider, v.symbol, v."interval", v.ts""").execute(Tuple.of(inputIds.toArray(String[]::new)))
                .map(rows -> {
                    List<IndicatorComputed> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(toRecord(r));
                    }
                    return out;
                });
    }

    /** Read with the platform mapper straight from the stored text, so decimals keep the scale they were emitted with. */
    private static IndicatorComputed toRecord(Row r) {
        try {
            BarValues bar = Json.MAPPER.readValue(r.getString(4), BarValues.class);
            Map<String, Double> values = Json.MAPPER.readValue(r.getString(5), VALUES);
            return new IndicatorComputed(r.getString(0), r.getString(1), r.getString(2),
                    Sql.instant(r.getOffsetDateTime(3)), bar, values);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable indicator_values row " + r.getString(1) + " " + r.getValue(3), e);
        }
    }
}
