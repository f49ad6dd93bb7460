package dev.marketfn.bench.e2e;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic market feed in real provider formats, many symbols: each message is what that provider's stream
 * (or a file drop, for csv) delivers, holding trades of one symbol.
 *
 * <table>
 * <tr><th>provider</th><th>share of trades</th><th>trades per message</th><th>symbols</th></tr>
 * <tr><td>alpaca</td><td>35 %</td><td>1–10 (a websocket frame)</td><td>equities</td></tr>
 * <tr><td>polygon</td><td>35 %</td><td>1–10 (a websocket frame)</td><td>equities</td></tr>
 * <tr><td>binance</td><td>10 %</td><td>1 (combined-stream {@code trade} event)</td><td>crypto, {@code XXXXUSDT}</td></tr>
 * <tr><td>coinbase</td><td>10 %</td><td>1 ({@code match})</td><td>crypto, {@code XXXX-USD}</td></tr>
 * <tr><td>csv</td><td>10 %</td><td>100 rows (a file chunk)</td><td>equities</td></tr>
 * </table>
 *
 * Within a provider the symbols' activity is Zipf-like (weight 1/rank^0.8), so a few symbols are hot and most are
 * quiet, as in a real tape. Prices are per-symbol random walks of ~1 bp per trade (no outliers by construction), sizes
 * are round lots with 8 % odd lots (which carry the provider's odd-lot condition). Every trade gets a unique
 * {@code event_id} (provider, symbol, ts, seq with seq from the provider's own trade id / sequence), so N trades
 * become exactly N ticks. Finnhub (seq = ordinal in the message) and IB (second-resolution times) are left out: two
 * of their trades may legitimately share an event id, which would make the count check ambiguous.
 */
public final class Feed {
    static final String[] PROVIDERS = {"alpaca", "polygon", "binance", "coinbase", "csv"};
    static final double[] SHARE = {0.35, 0.35, 0.10, 0.10, 0.10};
    static final int CSV_ROWS = 100;
    private static final DateTimeFormatter ISO_MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** One raw message: provider, its canonical symbol (subject and Kafka key), data bytes, trade count. */
    public record Msg(long seq, String provider, String symbol, byte[] data, int trades, long lastTsMicros) {
    }

    /** One trade as the pipeline stores it (for the COPY baseline). */
    public record Trade(String provider, String symbol, long tsMicros, long seq, BigDecimal price, BigDecimal size,
            boolean oddLot) {
    }

    static final class Sym {
        final String wire;
        final String canonical;
        final int provider;
        final double weight;
        double price;
        final int scale;
        long nextId;

        Sym(String wire, String canonical, int provider, double weight, double price, int scale, long firstId) {
            this.wire = wire;
            this.canonical = canonical;
            this.provider = provider;
            this.weight = weight;
            this.price = price;
            this.scale = scale;
            this.nextId = firstId;
        }
    }

    private final Random rnd;
    private final List<List<Sym>> byProvider = new ArrayList<>();
    private final double[][] cumulative;
    private final double[] providerCumulative = new double[PROVIDERS.length];
    private long msgSeq;
    /** Trades per second of event time when the clock is synthetic. */
    private final double feedRate;
    private long clockMicros;
    private long tradesEmitted;
    /** The latest event time of any trade emitted so far. */
    private long lastEmittedMicros = Long.MIN_VALUE;

    /**
     * @param symbols total symbols, spread over the providers by their share (at least one each)
     * @param feedRate ticks per second of event time for {@link #next()} (the synthetic clock)
     * @param startMicros event time of the first trade of {@link #next()}
     */
    public Feed(long seed, int symbols, double feedRate, long startMicros) {
        this.rnd = new Random(seed);
        this.feedRate = feedRate;
        this.clockMicros = startMicros;
        // SHARE is per trade: a provider is drawn per message with weight share / mean trades per message
        double[] pw = new double[PROVIDERS.length];
        double sum = 0;
        for (int p = 0; p < PROVIDERS.length; p++) {
            pw[p] = SHARE[p] / meanTrades(PROVIDERS[p]);
            sum += pw[p];
        }
        double acc = 0;
        for (int p = 0; p < PROVIDERS.length; p++) {
            acc += pw[p] / sum;
            providerCumulative[p] = acc;
        }
        cumulative = new double[PROVIDERS.length][];
        int made = 0;
        for (int p = 0; p < PROVIDERS.length; p++) {
            int n = p == PROVIDERS.length - 1 ? Math.max(1, symbols - made)
                    : Math.max(1, (int) Math.round(symbols * SHARE[p]));
            made += n;
            List<Sym> list = new ArrayList<>(n);
            cumulative[p] = new double[n];
            double c = 0;
            for (int i = 0; i < n; i++) {
                String base = ticker(p, i);
                double w = 1 / Math.pow(i + 1, 0.8);
                c += w;
                cumulative[p][i] = c;
                boolean crypto = PROVIDERS[p].equals("binance") || PROVIDERS[p].equals("coinbase");
                double price = crypto ? 5 + rnd.nextDouble() * 50_000 : 5 + rnd.nextDouble() * 600;
                String wire = switch (PROVIDERS[p]) {
                    case "binance" -> base + "USDT";
                    case "coinbase" -> base + "-USD";
                    default -> base;
                };
                String canonical = switch (PROVIDERS[p]) {
                    case "binance" -> base + "-USDT";
                    default -> wire;
                };
                list.add(new Sym(wire, canonical, p, w, price, crypto ? 4 : 2, 1_000_000L * (i + 1)));
            }
            for (int i = 0; i < n; i++) {
                cumulative[p][i] /= c;
            }
            byProvider.add(list);
        }
    }

    static double meanTrades(String provider) {
        return switch (provider) {
            case "alpaca", "polygon" -> 5.5;
            case "csv" -> CSV_ROWS;
            default -> 1;
        };
    }

    /** Distinct tickers per provider: a provider letter + base-26 index (e.g. AAAB for alpaca's second symbol). */
    static String ticker(int provider, int index) {
        char lead = "APBCS".charAt(provider);
        StringBuilder sb = new StringBuilder();
        int x = index;
        for (int d = 0; d < 3; d++) {
            sb.append((char) ('A' + x % 26));
            x /= 26;
        }
        return lead + sb.reverse().toString() + (x > 0 ? Integer.toString(x) : "");
    }

    public int symbolCount() {
        return byProvider.stream().mapToInt(List::size).sum();
    }

    public long tradesEmitted() {
        return tradesEmitted;
    }

    /** The next message on the synthetic clock (event time advances by its trades / feedRate). */
    public Msg next() {
        return next(null, null);
    }

    /** The next message, its trades stamped at or just before {@code nowMicros} (live mode). */
    public Msg nextAt(long nowMicros) {
        return next(nowMicros, null);
    }

    /** The next message; its trades are also handed to {@code trades} when not null. */
    public Msg next(Long nowMicros, List<Trade> trades) {
        double u = rnd.nextDouble();
        int p = 0;
        while (p < PROVIDERS.length - 1 && u > providerCumulative[p]) {
            p++;
        }
        Sym s = pick(p);
        int k = switch (PROVIDERS[p]) {
            case "alpaca", "polygon" -> 1 + rnd.nextInt(10);
            case "csv" -> CSV_ROWS;
            default -> 1;
        };
        long[] ts = new long[k];
        for (int j = 0; j < k; j++) {
            if (nowMicros == null) {
                ts[j] = clockMicros + (long) (j * 1_000_000.0 / feedRate);
            } else {
                ts[j] = nowMicros - (k - 1 - j); // 1 us apart, the last one at "now"
            }
        }
        if (nowMicros == null) {
            clockMicros += (long) (k * 1_000_000.0 / feedRate);
        }
        tradesEmitted += k;
        lastEmittedMicros = Math.max(lastEmittedMicros, ts[k - 1]);
        byte[] data = switch (PROVIDERS[p]) {
            case "alpaca" -> alpaca(s, ts, trades);
            case "polygon" -> polygon(s, ts, trades);
            case "binance" -> binance(s, ts[0], trades);
            case "coinbase" -> coinbase(s, ts[0], trades);
            default -> csv(s, ts, trades);
        };
        // keyed by the canonical symbol, as the contract keys events (docs/contract/events.md): keyed by the
        // provider's spelling, a Binance pair would change partition at normalize and its trades would mix lanes
        return new Msg(msgSeq++, PROVIDERS[p], s.canonical, data, k, ts[k - 1]);
    }

    /** Event time the next synthetic-clock message would start at. */
    public long clockMicros() {
        return clockMicros;
    }

    /**
     * Moves the synthetic clock forward to {@code micros} (a quiet spell on the tape): prices, sequence numbers and ids
     * go on where they were, so a later phase adds new trades to the same series. Never moves it back, nor before a
     * trade already emitted (a live phase stamps trades without moving the synthetic clock).
     */
    public void skipTo(long micros) {
        clockMicros = Math.max(Math.max(clockMicros, micros), lastEmittedMicros + 1);
    }

    /** The {@code n} most active canonical symbols, by the feed's per-trade weights across all providers. */
    public List<String> mostActive(int n) {
        double[] pw = new double[PROVIDERS.length];
        for (int p = 0; p < PROVIDERS.length; p++) {
            double total = 0;
            for (Sym s : byProvider.get(p)) {
                total += s.weight;
            }
            pw[p] = SHARE[p] / total;
        }
        return byProvider.stream().flatMap(List::stream)
                .sorted(java.util.Comparator.comparingDouble((Sym s) -> -s.weight * pw[s.provider]))
                .limit(n).map(s -> s.canonical).toList();
    }

    private Sym pick(int p) {
        double u = rnd.nextDouble();
        double[] c = cumulative[p];
        int lo = 0;
        int hi = c.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (c[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return byProvider.get(p).get(lo);
    }

    private BigDecimal step(Sym s) {
        s.price *= Math.exp(rnd.nextGaussian() * 0.0001);
        return BigDecimal.valueOf(s.price).setScale(s.scale, RoundingMode.HALF_EVEN);
    }

    private BigDecimal equitySize(boolean oddLot) {
        return BigDecimal.valueOf(oddLot ? 1 + rnd.nextInt(99) : 100L * (1 + rnd.nextInt(5)));
    }

    private BigDecimal cryptoSize() {
        return BigDecimal.valueOf(0.0005 + rnd.nextDouble() * 0.25).setScale(8, RoundingMode.HALF_EVEN);
    }

    static String iso(long micros) {
        return ISO_MICROS.format(Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000));
    }

    private static void add(List<Trade> trades, Sym s, long ts, long seq, BigDecimal price, BigDecimal size, boolean odd,
            String provider) {
        if (trades != null) {
            trades.add(new Trade(provider, s.canonical, ts, seq, price, size, odd));
        }
    }

    private byte[] alpaca(Sym s, long[] ts, List<Trade> trades) {
        StringBuilder sb = new StringBuilder(140 * ts.length).append('[');
        String[] venues = {"V", "Q", "K", "Z", "P", "D"};
        for (int j = 0; j < ts.length; j++) {
            boolean odd = rnd.nextDouble() < 0.08;
            BigDecimal price = step(s);
            BigDecimal size = equitySize(odd);
            long id = s.nextId++;
            String t = iso(ts[j]);
            // Alpaca stamps nanoseconds; the adapter keeps microseconds.
            t = t.substring(0, t.length() - 1) + (100 + rnd.nextInt(900)) + "Z";
            if (j > 0) {
                sb.append(',');
            }
            sb.append("{\"T\":\"t\",\"S\":\"").append(s.wire).append("\",\"i\":").append(id).append(",\"x\":\"")
                    .append(venues[rnd.nextInt(venues.length)]).append("\",\"p\":").append(price.toPlainString())
                    .append(",\"s\":").append(size).append(",\"t\":\"").append(t).append("\",\"c\":[\"")
                    .append(odd ? "@\",\"I" : "@").append("\"],\"z\":\"C\"}");
            add(trades, s, ts[j], id, price, size, odd, "alpaca");
        }
        return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] polygon(Sym s, long[] ts, List<Trade> trades) {
        StringBuilder sb = new StringBuilder(130 * ts.length).append('[');
        int[] venues = {4, 12, 8, 11, 10, 19, 21};
        for (int j = 0; j < ts.length; j++) {
            boolean odd = rnd.nextDouble() < 0.08;
            BigDecimal price = step(s);
            BigDecimal size = equitySize(odd);
            long q = s.nextId++;
            if (j > 0) {
                sb.append(',');
            }
            sb.append("{\"ev\":\"T\",\"sym\":\"").append(s.wire).append("\",\"i\":\"").append(q * 7 + 3)
                    .append("\",\"x\":").append(venues[rnd.nextInt(venues.length)]).append(",\"p\":")
                    .append(price.toPlainString()).append(",\"s\":").append(size);
            if (odd) {
                sb.append(",\"c\":[37]");
            }
            sb.append(",\"t\":").append(ts[j] / 1000).append(",\"q\":").append(q).append(",\"z\":3}");
            add(trades, s, ts[j] / 1000 * 1000, q, price, size, odd, "polygon");
        }
        return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] binance(Sym s, long ts, List<Trade> trades) {
        BigDecimal price = step(s);
        BigDecimal size = cryptoSize();
        long id = s.nextId++;
        long ms = ts / 1000;
        String stream = s.wire.toLowerCase(java.util.Locale.ROOT) + "@trade";
        String msg = "{\"stream\":\"" + stream + "\",\"data\":{\"e\":\"trade\",\"E\":" + (ms + 1) + ",\"s\":\"" + s.wire
                + "\",\"t\":" + id + ",\"p\":\"" + price.setScale(8, RoundingMode.UNNECESSARY).toPlainString()
                + "\",\"q\":\"" + size.toPlainString() + "\",\"T\":" + ms + ",\"m\":" + rnd.nextBoolean()
                + ",\"M\":true}}";
        add(trades, s, ms * 1000, id, price, size, false, "binance");
        return msg.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] coinbase(Sym s, long ts, List<Trade> trades) {
        BigDecimal price = step(s);
        BigDecimal size = cryptoSize();
        long seq = s.nextId++;
        String msg = "{\"type\":\"match\",\"trade_id\":" + (seq / 3) + ",\"maker_order_id\":\""
                + new java.util.UUID(rnd.nextLong(), rnd.nextLong()) + "\",\"taker_order_id\":\""
                + new java.util.UUID(rnd.nextLong(), rnd.nextLong()) + "\",\"side\":\""
                + (rnd.nextBoolean() ? "buy" : "sell") + "\",\"size\":\"" + size.toPlainString() + "\",\"price\":\""
                + price.toPlainString() + "\",\"product_id\":\"" + s.wire + "\",\"sequence\":" + seq + ",\"time\":\""
                + iso(ts) + "\"}";
        add(trades, s, ts, seq, price, size, false, "coinbase");
        return msg.getBytes(StandardCharsets.UTF_8);
    }

    /** A csv file chunk, sent as a JSON string (docs/contract/payloads.md). */
    private byte[] csv(Sym s, long[] ts, List<Trade> trades) {
        StringBuilder sb = new StringBuilder(60 * ts.length).append("\"symbol,ts,price,size,seq,conditions\\n");
        for (long t : ts) {
            boolean odd = rnd.nextDouble() < 0.08;
            BigDecimal price = step(s);
            BigDecimal size = equitySize(odd);
            long seq = s.nextId++;
            sb.append(s.wire).append(',').append(iso(t)).append(',').append(price.toPlainString()).append(',')
                    .append(size).append(',').append(seq).append(',').append(odd ? "@ I" : "@").append("\\n");
            add(trades, s, t, seq, price, size, odd, "csv");
        }
        return sb.append('"').toString().getBytes(StandardCharsets.UTF_8);
    }
}
