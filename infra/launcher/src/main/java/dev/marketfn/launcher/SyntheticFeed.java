package dev.marketfn.launcher;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketfn.providers.Symbols;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A synthetic market ({@code marketfn synth}): per instrument a geometric random walk with volatility clustering and
 * rare jumps, in real time, as messages of the {@code synthetic} provider (see SyntheticAdapter: one instrument per
 * message, {@code trades} and {@code quotes}). Each {@link #next} is one message for the next instrument in turn: 1 to
 * 4 trades spread over the time since that instrument's last message (the last one at {@code now}), then the quote
 * after them. Equities trade in round lots with some odd lots (condition {@code I}, not setting the last price) on a
 * cent grid; crypto pairs ({@code BTC-USD}) in fractional sizes. Prices stay far inside the quality check's outlier
 * bands. Deterministic for a seed and a sequence of {@code now}s.
 */
public final class SyntheticFeed {
    /** Trading seconds in a year (252 sessions of 6.5 h), to scale an annual volatility to a step. */
    static final double YEAR_SECONDS = 252 * 6.5 * 3600;
    private static final Map<String, Double> KNOWN = Map.ofEntries(Map.entry("AAPL", 190.0), Map.entry("MSFT", 420.0),
            Map.entry("NVDA", 120.0), Map.entry("AMZN", 185.0), Map.entry("GOOGL", 170.0), Map.entry("META", 500.0),
            Map.entry("TSLA", 250.0), Map.entry("SPY", 560.0), Map.entry("QQQ", 480.0), Map.entry("IBM", 190.0),
            Map.entry("BTC-USD", 65000.0), Map.entry("BTC-USDT", 65000.0), Map.entry("ETH-USD", 3200.0),
            Map.entry("ETH-USDT", 3200.0), Map.entry("SOL-USD", 150.0));

    private final Random random;
    private final double volatility;
    private final List<Series> series = new ArrayList<>();
    private int next;
    private long messages;

    /** The walk of one instrument. */
    private static final class Series {
        final String symbol;
        final boolean crypto;
        final BigDecimal tick;
        double price;
        double volScale = 1;
        Instant last;
        long seq;

        Series(String symbol, boolean crypto, double price) {
            this.symbol = symbol;
            this.crypto = crypto;
            this.price = price;
            this.tick = price < 1 ? new BigDecimal("0.0001") : new BigDecimal("0.01");
        }
    }

    /**
     * @param symbols          instruments, e.g. AAPL, MSFT, BTC-USD (a BASE-QUOTE pair with a known quote asset is crypto;
     *                         symbols are made canonical as the adapter does: BTC/USD → BTC-USD, BRK-B → BRK.B)
     * @param seed             the random seed
     * @param annualVolatility e.g. 0.3 for 30 % a year (crypto pairs get twice that)
     * @param startPrices      start prices by symbol; others come from a small table or, for unknown symbols, a
     *                         price between 20 and 400 chosen by the seed
     */
    public SyntheticFeed(List<String> symbols, long seed, double annualVolatility, Map<String, Double> startPrices) {
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("no symbols");
        }
        if (!(annualVolatility >= 0 && annualVolatility <= 5)) {
            throw new IllegalArgumentException("volatility must be between 0 and 5 (a year), not " + annualVolatility);
        }
        this.random = new Random(seed);
        this.volatility = annualVolatility;
        Map<String, Double> prices = new LinkedHashMap<>();
        startPrices.forEach((k, v) -> prices.put(k.toUpperCase(Locale.ROOT), v));
        for (String raw : symbols) {
            boolean crypto = Symbols.looksLikeCryptoPair(raw);
            String s = crypto ? Symbols.crypto(raw) : Symbols.equity(raw); // canonical, as the adapter writes it
            if (series.stream().anyMatch(x -> x.symbol.equals(s))) {
                throw new IllegalArgumentException("symbol " + s + " given twice");
            }
            Double p = prices.getOrDefault(s, prices.getOrDefault(raw.trim().toUpperCase(Locale.ROOT), KNOWN.get(s)));
            if (p == null) {
                p = 20.0 + new Random(seed ^ s.hashCode()).nextInt(380);
            }
            if (!(p > 0)) {
                throw new IllegalArgumentException("start price of " + s + " must be > 0, not " + p);
            }
            series.add(new Series(s, crypto, p));
        }
        for (String s : prices.keySet()) {
            if (series.stream().noneMatch(x -> x.symbol.equals(s)) && symbols.stream().noneMatch(x -> x.trim().equalsIgnoreCase(s))) {
                throw new IllegalArgumentException("--price names " + s + ", which is not one of the symbols");
            }
        }
    }

    public List<String> symbols() {
        return series.stream().map(s -> s.symbol).toList();
    }

    /** Messages made so far. */
    public long messages() {
        return messages;
    }

    /** The next instrument's message at {@code now}, as a raw CloudEvent (provider synthetic). */
    public CloudEvent next(String idPrefix, Instant now) {
        Series s = series.get(next);
        next = (next + 1) % series.size();
        ObjectNode m = message(s, now.truncatedTo(ChronoUnit.MICROS));
        messages++;
        try {
            return CloudEvent.raw(idPrefix + messages, "synthetic", s.symbol, CloudEvent.JSON.writeValueAsBytes(m));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode message(Series s, Instant now) {
        // at least 1 µs after the instrument's previous message, so every record of a series has its own ts
        Instant end = s.last == null || now.isAfter(s.last) ? now : s.last.plus(1, ChronoUnit.MICROS);
        long spanMicros = s.last == null ? 1_000_000 : ChronoUnit.MICROS.between(s.last, end);
        int trades = 1 + (random.nextDouble() < 0.5 ? 0 : random.nextInt(3));
        trades = (int) Math.max(1, Math.min(trades, spanMicros));
        ObjectNode m = CloudEvent.JSON.createObjectNode();
        m.put("symbol", s.symbol);
        m.put("asset_class", s.crypto ? "crypto" : "equity");
        ArrayNode ts = m.putArray("trades");
        for (int i = trades - 1; i >= 0; i--) {
            Instant t = end.minus(spanMicros * i / trades, ChronoUnit.MICROS);
            double dt = s.last == null ? 1 : Math.max(1e-6, ChronoUnit.MICROS.between(s.last, t) / 1e6);
            step(s, dt);
            s.last = t;
            boolean oddLot = !s.crypto && random.nextDouble() < 0.15;
            ObjectNode trade = ts.addObject();
            trade.put("ts", t.toString());
            trade.put("price", round(s.price, s.tick).toPlainString());
            trade.put("size", size(s, oddLot));
            trade.put("seq", ++s.seq);
            if (oddLot) {
                trade.putArray("conditions").add("I");
                trade.put("sets_last_price", false);
            }
        }
        BigDecimal mid = round(s.price, s.tick);
        BigDecimal halfSpread = s.tick.multiply(BigDecimal.valueOf(1 + random.nextInt(s.crypto ? 20 : 3)));
        BigDecimal bid = mid.subtract(halfSpread).max(s.tick);
        BigDecimal ask = mid.add(halfSpread);
        ObjectNode q = m.putArray("quotes").addObject();
        q.put("ts", end.toString());
        q.put("bid", bid.toPlainString());
        q.put("ask", ask.toPlainString());
        q.put("bid_size", size(s, false));
        q.put("ask_size", size(s, false));
        q.put("seq", ++s.seq);
        return m;
    }

    /** One log-normal step over {@code dt} seconds; volatility clusters (a slow random scale) and rare jumps. */
    private void step(Series s, double dt) {
        double annual = volatility * (s.crypto ? 2 : 1);
        s.volScale = Math.max(0.5, Math.min(2.5, s.volScale * Math.exp(0.05 * random.nextGaussian()) + 0.01 * (1 - s.volScale)));
        double sigma = annual * s.volScale * Math.sqrt(dt / YEAR_SECONDS);
        double z = random.nextGaussian();
        if (random.nextDouble() < 0.002) {
            z *= 4; // a jump: still far inside the 5 % / 10 % outlier bands
        }
        s.price *= Math.exp(sigma * z - sigma * sigma / 2);
        s.price = Math.max(s.tick.doubleValue(), s.price);
    }

    private String size(Series s, boolean oddLot) {
        if (s.crypto) {
            double v = Math.exp(random.nextGaussian() - 2.5) * (s.price > 10000 ? 0.2 : 5);
            return BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP).max(new BigDecimal("0.0001")).toPlainString();
        }
        if (oddLot) {
            return Integer.toString(1 + random.nextInt(99));
        }
        return Integer.toString(100 * (1 + (int) Math.min(50, -Math.log(1 - random.nextDouble()) * 3)));
    }

    static BigDecimal round(double price, BigDecimal tick) {
        return BigDecimal.valueOf(price).divide(tick, 0, RoundingMode.HALF_EVEN).multiply(tick).setScale(tick.scale());
    }
}
