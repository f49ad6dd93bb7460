package dev.marketfn.bench.providers;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Json;
import dev.marketfn.providers.Providers;
import dev.marketfn.providers.RawMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parse (bytes → Jackson tree) + normalize of one provider message holding {@value #RECORDS} records, as the
 * normalize function does per raw event. With {@code @OperationsPerInvocation(RECORDS)} the score is records/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NormalizeBenchmark {
    static final int RECORDS = 100;
    private static final long BASE_MS = Instant.parse("2024-07-03T13:30:00Z").toEpochMilli();
    private static final Instant INGEST = Instant.parse("2024-07-04T00:00:00Z");

    @Param({"alpaca", "polygon", "finnhub", "binance", "coinbase", "alphavantage", "ibkr", "csv", "synthetic"})
    public String provider;

    private final Providers providers = Providers.standard();
    private byte[] bytes;

    @Setup
    public void setup() {
        bytes = message(provider).getBytes(StandardCharsets.UTF_8);
        int n = run().size();
        if (n != RECORDS) {
            throw new IllegalStateException(provider + " produced " + n + " records, expected " + RECORDS);
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public List<CanonicalRecord> parseAndNormalize() {
        return run();
    }

    private List<CanonicalRecord> run() {
        return providers.normalize(new RawMessage(provider, "raw-1", Json.tree(bytes), "AAPL", INGEST));
    }

    /** Realistic shapes: prices with cents, sub-second RFC-3339 times with nanoseconds where the provider sends them. */
    static String message(String provider) {
        StringBuilder sb = new StringBuilder();
        switch (provider) {
            case "alpaca" -> list(sb, "[", "]", i -> "{\"T\":\"t\",\"i\":%d,\"S\":\"AAPL\",\"x\":\"V\",\"p\":%s,\"s\":%d,\"t\":\"%s\",\"c\":[\"@\",\"I\"],\"z\":\"C\"}"
                    .formatted(1000 + i, price(i), 1 + i, Instant.ofEpochMilli(BASE_MS + i).plusNanos(123_456)));
            case "polygon" -> list(sb, "[", "]", i -> "{\"ev\":\"T\",\"sym\":\"MSFT\",\"x\":4,\"i\":\"%d\",\"z\":3,\"p\":%s,\"s\":100,\"c\":[0,12],\"t\":%d,\"q\":%d}"
                    .formatted(i, price(i), BASE_MS + i, 3_681_328 + i));
            case "finnhub" -> list(sb, "{\"type\":\"trade\",\"data\":[", "]}", i -> "{\"c\":[\"1\",\"12\"],\"p\":%s,\"s\":\"%s\",\"t\":%d,\"v\":%d}"
                    .formatted(price(i), i % 2 == 0 ? "TSLA" : "BINANCE:BTCUSDT", BASE_MS + i, 1 + i));
            case "binance" -> list(sb, "[", "]", i -> "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":%d,\"s\":\"BTCUSDT\",\"t\":%d,\"p\":\"%s000\",\"q\":\"0.00100000\",\"T\":%d,\"m\":true,\"M\":true}}"
                    .formatted(BASE_MS + i, 12345 + i, price(i), BASE_MS + i));
            case "coinbase" -> list(sb, "[", "]", i -> "{\"type\":\"match\",\"trade_id\":%d,\"sequence\":%d,\"maker_order_id\":\"ac928c66-ca53-498f-9c13-a110027a60e8\",\"taker_order_id\":\"132fb6ae-456b-4654-b4e0-d681ac05cea1\",\"time\":\"%s\",\"product_id\":\"BTC-USD\",\"size\":\"5.23512\",\"price\":\"%s\",\"side\":\"sell\"}"
                    .formatted(10 + i, 50 + i, Instant.ofEpochMilli(BASE_MS + i).plusNanos(459_000), price(i)));
            case "alphavantage" -> {
                sb.append("{\"Meta Data\":{\"1. Information\":\"Intraday (1min)\",\"2. Symbol\":\"IBM\",\"4. Interval\":\"1min\",\"6. Time Zone\":\"US/Eastern\"},\"Time Series (1min)\":{");
                for (int i = 0; i < RECORDS; i++) {
                    sb.append(i > 0 ? "," : "").append("\"2024-07-03 %02d:%02d:00\":{\"1. open\":\"%s\",\"2. high\":\"%s\",\"3. low\":\"%s\",\"4. close\":\"%s\",\"5. volume\":\"%d\"}"
                            .formatted(10 + i / 60, i % 60, price(i), price(i + 1), price(i), price(i), 1000 + i));
                }
                sb.append("}}");
            }
            case "ibkr" -> list(sb, "[", "]", i -> "{\"type\":\"AllLast\",\"time\":%d,\"price\":%s,\"size\":100,\"exchange\":\"ISLAND\",\"specialConditions\":\"  T\",\"pastLimit\":false,\"unreported\":false}"
                    .formatted(BASE_MS / 1000, price(i)));
            case "csv" -> {
                sb.append("\"symbol,ts,price,size,seq,conditions\\n");
                for (int i = 0; i < RECORDS; i++) {
                    sb.append("AAPL,%s,%s,%d,%d,@ I\\n".formatted(Instant.ofEpochMilli(BASE_MS + i), price(i), 1 + i, i));
                }
                sb.append('"');
            }
            case "synthetic" -> list(sb, "{\"symbol\":\"SYN1\",\"trades\":[", "]}", i -> "{\"ts\":%d,\"price\":\"%s\",\"size\":\"%d\"}"
                    .formatted(BASE_MS + i, price(i), 1 + i));
            default -> throw new IllegalArgumentException(provider);
        }
        return sb.toString();
    }

    private static String price(int i) {
        return "185." + (10 + i % 90);
    }

    private static void list(StringBuilder sb, String open, String close, IntFunction<String> item) {
        sb.append(open);
        for (int i = 0; i < RECORDS; i++) {
            sb.append(i > 0 ? "," : "").append(item.apply(i));
        }
        sb.append(close);
    }
}
