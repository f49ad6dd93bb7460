package dev.marketfn.launcher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketfn.contracts.IndicatorComputed;
import dev.marketfn.contracts.Json;
import dev.marketfn.news.BarNews;
import dev.marketfn.news.NewsFeatures;
import dev.marketfn.news.Sentiment;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stored series of {@link SnapshotOptions} as the research commands read them: the indicator records alpha-call
 * was given ({@code indicators_as_of}) and the split-adjusted closes ({@code bars_as_of}), both as known at the
 * snapshot. One provider per series: the first by name that has records.
 */
final class StoredSeries {
    /** A provider's closes in bar order. */
    record Closes(List<Instant> times, List<BigDecimal> closes) {
    }

    private final Connection c;
    private final String interval;
    private final Instant from;
    private final Instant until;
    private final Instant snapshot;

    StoredSeries(Connection c, SnapshotOptions window, Instant snapshot) {
        this.c = c;
        this.interval = window.interval;
        this.from = window.from;
        this.until = window.until;
        this.snapshot = snapshot;
    }

    /** The records of the symbol's first provider, in bar order; empty when none is stored in the window. */
    List<IndicatorComputed> indicators(String symbol) throws Exception {
        List<IndicatorComputed> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                SELECT provider, symbol, "interval", ts, bar::text, "values"::text FROM indicators_as_of(?, ?, ?)
                WHERE ts >= ? AND ts < ? ORDER BY provider, ts""")) {
            bind(st, symbol);
            try (ResultSet rs = st.executeQuery()) {
                String provider = null;
                while (rs.next()) {
                    if (provider == null) {
                        provider = rs.getString(1);
                    } else if (!provider.equals(rs.getString(1))) {
                        break;
                    }
                    ObjectNode n = Json.MAPPER.createObjectNode();
                    n.put("provider", rs.getString(1));
                    n.put("symbol", rs.getString(2));
                    n.put("interval", rs.getString(3));
                    n.put("ts", rs.getTimestamp(4).toInstant().toString());
                    n.set("bar", Json.MAPPER.readTree(rs.getString(5)));
                    n.set("indicators", Json.MAPPER.readTree(rs.getString(6)));
                    out.add(Json.MAPPER.treeToValue(n, IndicatorComputed.class));
                }
            }
        }
        return out;
    }

    /** The provider's closes of the symbol (split-adjusted, so a split is no return), bars without one left out. */
    Closes closes(String symbol, String provider) throws SQLException {
        List<Instant> times = new ArrayList<>();
        List<BigDecimal> closes = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("""
                SELECT ts, close FROM bars_as_of(?, ?, ?) WHERE ts >= ? AND ts < ? AND provider = ? AND close IS NOT NULL
                ORDER BY ts""")) {
            bind(st, symbol);
            st.setString(6, provider);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    times.add(rs.getTimestamp(1).toInstant());
                    closes.add(rs.getBigDecimal(2));
                }
            }
        }
        return new Closes(times, closes);
    }

    private void bind(PreparedStatement st, String symbol) throws SQLException {
        st.setString(1, symbol);
        st.setString(2, interval);
        st.setTimestamp(3, Timestamp.from(snapshot));
        st.setTimestamp(4, Timestamp.from(from));
        st.setTimestamp(5, Timestamp.from(until));
    }

    /**
     * The bars with the news features alpha-call adds before its rules evaluate (docs/news.md, "News features in
     * rules"): the scores of stories published from a day before the first bar's end to the last bar's end, read with
     * alpha-call's own query ({@code news_scores}, the store's), then {@link BarNews} per bar at its end — a bar sees
     * only the stories published by the time it closed, as live.
     */
    List<IndicatorComputed> withNews(String symbol, List<IndicatorComputed> bars) throws SQLException {
        BarNews.Span span = BarNews.span(bars);
        List<NewsFeatures.Scored> scores = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(
                "SELECT symbol, published_ts, score FROM news_scores(?, ?, ?, ?, ?)")) {
            st.setArray(1, c.createArrayOf("text", new String[] {symbol}));
            st.setString(2, Sentiment.MODEL);
            st.setString(3, Sentiment.VERSION);
            st.setTimestamp(4, Timestamp.from(span.from()));
            st.setTimestamp(5, Timestamp.from(span.to()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    scores.add(new NewsFeatures.Scored(rs.getTimestamp(2).toInstant(), rs.getDouble(3)));
                }
            }
        }
        BarNews news = new BarNews(Map.of(symbol, scores));
        return bars.stream().map(news::withFeatures).toList();
    }
}
