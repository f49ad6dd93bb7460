package dev.marketfn.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Decimals;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import dev.marketfn.contracts.Kind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: a message holding N trades yields exactly N trade records, in order, with the generated prices and
 * sizes, unique event ids, and one bad trade anywhere rejects the whole message. Randomized with a fixed seed per
 * provider so a failure reproduces.
 */
class TradeCountPropertyTest {
    private static final int RUNS = 200;
    private static final Instant INGEST = Instant.parse("2024-07-04T00:00:00Z");
    private static final long BASE_MS = Instant.parse("2024-07-03T13:30:00Z").toEpochMilli();

    record Trade(String symbol, long ms, String price, String size, long id) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"alpaca", "polygon", "finnhub", "binance", "coinbase", "ibkr", "csv", "synthetic"})
    void nTradesInNRecordsOut(String provider) {
        Random rnd = new Random(provider.hashCode());
        Function<List<Trade>, String> render = renderer(provider);
        for (int run = 0; run < RUNS; run++) {
            List<Trade> trades = trades(rnd, provider);
            List<CanonicalRecord> out = normalize(provider, render.apply(trades));

            assertThat(out).as("run %d: %d trades", run, trades.size()).hasSize(trades.size());
            assertThat(out).extracting(CanonicalRecord::eventId).doesNotHaveDuplicates();
            for (int i = 0; i < trades.size(); i++) {
                CanonicalRecord r = out.get(i);
                Trade t = trades.get(i);
                assertThat(r.kind()).isEqualTo(Kind.TRADE);
                assertThat(r.price()).isEqualTo(Decimals.parse(t.price));
                assertThat(r.size()).isEqualTo(Decimals.parse(t.size));
            }

            if (!trades.isEmpty()) {
                List<Trade> bad = new ArrayList<>(trades);
                int at = rnd.nextInt(bad.size());
                Trade victim = bad.get(at);
                bad.set(at, new Trade(victim.symbol, victim.ms, "-" + victim.price, victim.size, victim.id));
                assertThatThrownBy(() -> normalize(provider, render.apply(bad)))
                        .isInstanceOf(InvalidInputException.class);
            }
        }
    }

    private static List<CanonicalRecord> normalize(String provider, String data) {
        JsonNode node = Json.tree(data.getBytes(StandardCharsets.UTF_8));
        return TestSupport.PROVIDERS.normalize(new RawMessage(provider, "raw", node, "SYN", INGEST));
    }

    /** Trades crowd into few symbols and milliseconds so ordinal-based event ids are really put to the test. */
    private static List<Trade> trades(Random rnd, String provider) {
        boolean crypto = provider.equals("binance") || provider.equals("coinbase");
        String[] symbols = provider.equals("ibkr") || provider.equals("synthetic") ? new String[] {"SYN"}
                : crypto ? new String[] {"BTC-USDT", "ETH-BTC"} : new String[] {"AAPL", "BRK.B", "MSFT"};
        int n = rnd.nextInt(40);
        List<Trade> out = new ArrayList<>(n);
        long id = rnd.nextInt(1_000_000);
        for (int i = 0; i < n; i++) {
            long ms = provider.equals("ibkr") ? BASE_MS : BASE_MS + rnd.nextInt(3);
            out.add(new Trade(symbols[rnd.nextInt(symbols.length)], ms, decimal(rnd, true), decimal(rnd, false), id++));
        }
        return out;
    }

    private static String decimal(Random rnd, boolean positive) {
        long unscaled = (positive ? 1 : 0) + (long) rnd.nextInt(10_000_000);
        return BigDecimal.valueOf(unscaled, rnd.nextInt(9)).toPlainString();
    }

    private static String iso(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }

    private static Function<List<Trade>, String> renderer(String provider) {
        return trades -> {
            StringBuilder sb = new StringBuilder();
            switch (provider) {
                case "alpaca" -> join(sb, "[", "]", trades, t -> "{\"T\":\"t\",\"i\":%d,\"S\":\"%s\",\"x\":\"V\",\"p\":%s,\"s\":%s,\"t\":\"%s\",\"c\":[\"@\"],\"z\":\"C\"}"
                        .formatted(t.id, t.symbol, t.price, t.size, iso(t.ms)));
                case "polygon" -> join(sb, "[", "]", trades, t -> "{\"ev\":\"T\",\"sym\":\"%s\",\"x\":12,\"p\":%s,\"s\":%s,\"t\":%d,\"q\":%d,\"c\":[0]}"
                        .formatted(t.symbol, t.price, t.size, t.ms, t.id));
                case "finnhub" -> join(sb, "{\"type\":\"trade\",\"data\":[", "]}", trades, t -> "{\"s\":\"%s\",\"p\":%s,\"v\":%s,\"t\":%d}"
                        .formatted(t.symbol, t.price, t.size, t.ms));
                case "binance" -> join(sb, "[", "]", trades, t -> "{\"e\":\"trade\",\"s\":\"%s\",\"t\":%d,\"p\":\"%s\",\"q\":\"%s\",\"T\":%d}"
                        .formatted(t.symbol.replace("-", ""), t.id, t.price, t.size, t.ms));
                case "coinbase" -> join(sb, "[", "]", trades, t -> "{\"type\":\"match\",\"product_id\":\"%s\",\"sequence\":%d,\"price\":\"%s\",\"size\":\"%s\",\"time\":\"%s\"}"
                        .formatted(t.symbol, t.id, t.price, t.size, iso(t.ms)));
                case "ibkr" -> join(sb, "[", "]", trades, t -> "\"%s;%s;%d;1000;1;true\"".formatted(t.price, t.size, t.ms));
                case "csv" -> {
                    StringBuilder csv = new StringBuilder("symbol,ts,price,size\\n");
                    for (Trade t : trades) {
                        csv.append("%s,%d,%s,%s\\n".formatted(t.symbol, t.ms, t.price, t.size));
                    }
                    sb.append('"').append(csv).append('"');
                }
                case "synthetic" -> join(sb, "{\"symbol\":\"SYN\",\"trades\":[", "]}", trades, t -> "{\"ts\":%d,\"price\":\"%s\",\"size\":\"%s\"}"
                        .formatted(t.ms, t.price, t.size));
                default -> throw new IllegalArgumentException(provider);
            }
            return sb.toString();
        };
    }

    private static void join(StringBuilder sb, String open, String close, List<Trade> trades, Function<Trade, String> one) {
        sb.append(open);
        for (int i = 0; i < trades.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(one.apply(trades.get(i)));
        }
        sb.append(close);
    }
}
