package dev.marketfn.backtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.marketfn.contracts.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as machine-readable JSON (fixed key order, exact decimals: the same run gives the same bytes) and as an
 * HTML page with the equity curve against buy-and-hold drawn as inline SVG (no script, no external resource).
 */
public final class ReportWriter {
    private ReportWriter() {
    }

    public static byte[] json(Backtest.Report r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", "marketfn.backtest.v1");
        out.put("snapshot_id", r.snapshotId());
        out.put("as_of", r.asOf() == null ? null : r.asOf().toString());
        out.put("bars", r.bars());
        out.put("strategy", metrics(r.strategy()));
        out.put("buy_and_hold", metrics(r.buyAndHold()));
        out.put("actions", r.actions());
        out.put("fills", r.fills().stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("symbol", f.symbol());
            m.put("ts", f.ts().toString());
            m.put("quantity", f.quantity());
            m.put("price", f.price().toPlainString());
            m.put("commission", f.commission().toPlainString());
            return m;
        }).toList());
        out.put("equity", curve(r.equity()));
        out.put("buy_and_hold_equity", curve(r.benchmark()));
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> metrics(Metrics m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pnl", m.pnl().toPlainString());
        out.put("total_return", m.totalReturn());
        out.put("cagr", m.cagr());
        out.put("sharpe", m.sharpe());
        out.put("sortino", m.sortino());
        out.put("max_drawdown", m.maxDrawdown());
        out.put("hit_rate", m.hitRate());
        out.put("turnover", m.turnover());
        out.put("exposure", m.exposure());
        out.put("trades", m.trades());
        return out;
    }

    private static List<List<Object>> curve(List<OrderSimulator.EquityPoint> points) {
        return points.stream().map(p -> List.<Object>of(p.ts().toString(), p.equity().toPlainString())).toList();
    }

    public static String html(Backtest.Report r) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>marketfn backtest ")
                .append(r.snapshotId(), 0, 12).append("</title></head><body>\n<h1>Backtest</h1>\n<p>snapshot ")
                .append(r.snapshotId()).append(", as of ").append(r.asOf()).append(", ").append(r.bars())
                .append(" bars</p>\n<table border=\"1\"><tr><th></th><th>strategy</th><th>buy and hold</th></tr>\n");
        row(b, "PnL", r.strategy().pnl().toPlainString(), r.buyAndHold().pnl().toPlainString());
        row(b, "CAGR", pct(r.strategy().cagr()), pct(r.buyAndHold().cagr()));
        row(b, "Sharpe", num(r.strategy().sharpe()), num(r.buyAndHold().sharpe()));
        row(b, "Sortino", num(r.strategy().sortino()), num(r.buyAndHold().sortino()));
        row(b, "max drawdown", pct(r.strategy().maxDrawdown()), pct(r.buyAndHold().maxDrawdown()));
        row(b, "hit rate", pct(r.strategy().hitRate()), pct(r.buyAndHold().hitRate()));
        row(b, "turnover", num(r.strategy().turnover()), num(r.buyAndHold().turnover()));
        row(b, "exposure", pct(r.strategy().exposure()), pct(r.buyAndHold().exposure()));
        b.append("</table>\n").append(svg(r.equity(), r.benchmark())).append("\n</body></html>\n");
        return b.toString();
    }

    private static void row(StringBuilder b, String name, String s, String bh) {
        b.append("<tr><td>").append(name).append("</td><td>").append(s).append("</td><td>").append(bh)
                .append("</td></tr>\n");
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", v * 100);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** The strategy in blue, buy-and-hold in grey, on one scale. */
    static String svg(List<OrderSimulator.EquityPoint> equity, List<OrderSimulator.EquityPoint> benchmark) {
        int w = 800;
        int h = 300;
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (List<OrderSimulator.EquityPoint> c : List.of(equity, benchmark)) {
            for (OrderSimulator.EquityPoint p : c) {
                lo = Math.min(lo, p.equity().doubleValue());
                hi = Math.max(hi, p.equity().doubleValue());
            }
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        StringBuilder b = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h
                + "\" viewBox=\"0 0 " + w + " " + h + "\">");
        b.append(polyline(benchmark, w, h, lo, hi, "#999")).append(polyline(equity, w, h, lo, hi, "#1f5fbf"));
        return b.append("</svg>").toString();
    }

    private static String polyline(List<OrderSimulator.EquityPoint> c, int w, int h, double lo, double hi, String colour) {
        StringBuilder b = new StringBuilder("<polyline fill=\"none\" stroke=\"" + colour + "\" points=\"");
        int n = Math.max(1, c.size() - 1);
        for (int i = 0; i < c.size(); i++) {
            double y = h - (c.get(i).equity().doubleValue() - lo) / (hi - lo) * (h - 10) - 5;
            b.append(String.format(Locale.ROOT, "%.1f,%.1f ", (double) i * w / n, y));
        }
        return b.append("\"/>").toString();
    }
}
