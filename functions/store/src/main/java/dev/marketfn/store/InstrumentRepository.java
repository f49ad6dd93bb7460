package dev.marketfn.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code instruments}: reference data that enriches canonical records; unknown symbols simply have no row. */
@ApplicationScoped
public class InstrumentRepository {
    private final Pool pool;

    public InstrumentRepository(Pool pool) {
        this.pool = pool;
    }

    public record Instrument(String symbol, String exchangeMic, String assetClass, String currency, String isin,
            String name) {
    }

    public Uni<Map<String, Instrument>> lookup(Collection<String> symbols) {
        if (symbols.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("""
                SELECT symbol, exchange_mic, asset_class, currency, isin, name FROM instruments WHERE symbol = ANY($1)""")
                .execute(Tuple.of(symbols.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Instrument> out = new HashMap<>();
                    for (Row r : rows) {
                        out.put(r.getString(0), new Instrument(r.getString(0), r.getString(1), r.getString(2),
                                r.getString(3), r.getString(4), r.getString(5)));
                    }
                    return out;
                });
    }

    /** Loads {@code symbol,exchange_mic,asset_class,currency,isin,name} lines (header first); returns rows changed. */
    public Uni<Integer> loadCsv(String csv) {
        List<Tuple> tuples = new ArrayList<>();
        String[] lines = csv.split("\\R");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] f = lines[i].split(",", -1);
            if (f.length < 6) {
                throw new IllegalArgumentException("instruments CSV line " + (i + 1) + ": expected 6 fields");
            }
            tuples.add(Tuple.from(new Object[] {f[0].strip().toUpperCase(java.util.Locale.ROOT), blank(f[1]),
                    blank(f[2]), blank(f[3]), blank(f[4]), blank(f[5])}));
        }
        if (tuples.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.preparedQuery("""
                INSERT INTO instruments AS i (symbol, exchange_mic, asset_class, currency, isin, name)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (symbol) DO UPDATE SET exchange_mic = EXCLUDED.exchange_mic,
                    asset_class = EXCLUDED.asset_class, currency = EXCLUDED.currency, isin = EXCLUDED.isin,
                    name = EXCLUDED.name
                WHERE (i.exchange_mic, i.asset_class, i.currency, i.isin, i.name) IS DISTINCT FROM
                    (EXCLUDED.exchange_mic, EXCLUDED.asset_class, EXCLUDED.currency, EXCLUDED.isin, EXCLUDED.name)""")
                .executeBatch(tuples).map(rows -> {
                    int n = 0;
                    for (var rs = rows; rs != null; rs = rs.next()) {
                        n += rs.rowCount();
                    }
                    return n;
                });
    }

    private static String blank(String s) {
        String v = s.strip();
        return v.isEmpty() ? null : v;
    }
}
