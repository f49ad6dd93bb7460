package dev.marketfn.connector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Alpha Vantage's {@code /query} on loopback: TIME_SERIES_INTRADAY and TIME_SERIES_DAILY replies in the documented
 * shape (the "N. name" keys, US/Eastern local times), four 1min bars per month requested; {@link #script} puts
 * replies (a 429, a rate-limit Note, a malformed body) before the next real ones.
 */
final class AlphaVantageServer implements AutoCloseable {
    record Scripted(int status, Map<String, String> headers, String body) {
    }

    static final String NOTE = "{\n    \"Note\": \"Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute and 500 "
            + "calls per day. Please visit https://www.alphavantage.co/premium/ if you would like to target a higher API call frequency.\"\n}";
    static final String INFORMATION = "{\n    \"Information\": \"We have detected your API key as KEY and our standard API rate limit is 25 "
            + "requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly "
            + "remove all daily rate limits.\"\n}";

    private final HttpServer server;
    final List<Map<String, String>> queries = new CopyOnWriteArrayList<>();
    private final Deque<Scripted> script = new ArrayDeque<>();

    AlphaVantageServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/query", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/query");
    }

    synchronized void script(Scripted... replies) {
        Collections.addAll(script, replies);
    }

    private void handle(HttpExchange x) throws IOException {
        Map<String, String> q = query(x.getRequestURI().getRawQuery());
        queries.add(q);
        Scripted s;
        synchronized (this) {
            s = script.pollFirst();
        }
        if (s == null) {
            s = new Scripted(200, Map.of(), q.get("function").equals("TIME_SERIES_DAILY") ? daily(q.get("symbol"))
                    : intraday(q.get("symbol"), YearMonth.parse(q.get("month"))));
        }
        s.headers().forEach((k, v) -> x.getResponseHeaders().add(k, v));
        x.getResponseHeaders().add("Content-Type", "application/json");
        byte[] b = s.body().getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(s.status(), b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    /** The month's series: 09:30 and 09:31 on its 2nd and 3rd, newest first as Alpha Vantage sends them. */
    static String intraday(String symbol, YearMonth m) {
        StringBuilder s = new StringBuilder("{\n    \"Meta Data\": {\n        \"1. Information\": \"Intraday (1min) open, high, low, close prices and volume\",\n")
                .append("        \"2. Symbol\": \"").append(symbol).append("\",\n        \"3. Last Refreshed\": \"")
                .append(m.atDay(3)).append(" 09:31:00\",\n        \"4. Interval\": \"1min\",\n        \"5. Output Size\": \"Full size\",\n")
                .append("        \"6. Time Zone\": \"US/Eastern\"\n    },\n    \"Time Series (1min)\": {");
        String sep = "\n";
        for (int day = 3; day >= 2; day--) {
            for (int minute = 31; minute >= 30; minute--) {
                s.append(sep).append("        \"").append(m.atDay(day)).append(" 09:").append(minute).append(":00\": ")
                        .append(bar(day * 100 + minute));
                sep = ",\n";
            }
        }
        return s.append("\n    }\n}").toString();
    }

    static String daily(String symbol) {
        return "{\n    \"Meta Data\": {\n        \"1. Information\": \"Daily Prices (open, high, low, close) and Volumes\",\n"
                + "        \"2. Symbol\": \"" + symbol + "\",\n        \"3. Last Refreshed\": \"2026-01-06\",\n"
                + "        \"4. Output Size\": \"Full size\",\n        \"5. Time Zone\": \"US/Eastern\"\n    },\n"
                + "    \"Time Series (Daily)\": {\n        \"2026-01-06\": " + bar(6) + ",\n        \"2026-01-05\": " + bar(5)
                + "\n    }\n}";
    }

    private static String bar(int n) {
        return "{\"1. open\": \"" + (100 + n % 50) + ".1000\", \"2. high\": \"" + (101 + n % 50) + ".0000\", \"3. low\": \""
                + (99 + n % 50) + ".5000\", \"4. close\": \"" + (100 + n % 50) + ".5000\", \"5. volume\": \"" + (1000 + n) + "\"}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
