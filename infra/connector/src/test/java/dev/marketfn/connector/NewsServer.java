package dev.marketfn.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The three news REST APIs on loopback, answering as their docs say, from stories made of the news domain's fixtures
 * (the providers' documented examples) with ids, headlines and times varied: Alpaca {@code /v1beta1/news} (start/end,
 * symbols, sort=asc, {@code next_page_token}), Finnhub {@code /api/v1/company-news} (from/to dates, newest first) and
 * {@code /api/v1/news} (minId), Polygon {@code /v2/reference/news} (ticker, published_utc.gte, {@code next_url} with an
 * opaque cursor and without the key). Pages are {@link #page} stories, so a few stories need several pages. A request
 * without its key is answered 401; {@link #tooMany} answers the next requests 429 with {@code Retry-After: 1}.
 */
final class NewsServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of("..", "..", "functions", "domain", "news", "src", "test", "resources", "fixtures");

    record Request(String path, Map<String, String> query, String keyHeader, Instant at) {
    }

    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final List<ObjectNode> alpaca = new CopyOnWriteArrayList<>();
    final List<ObjectNode> polygon = new CopyOnWriteArrayList<>();
    final List<ObjectNode> finnhubCompany = new CopyOnWriteArrayList<>();
    final List<ObjectNode> finnhubMarket = new CopyOnWriteArrayList<>();
    final AtomicInteger tooMany = new AtomicInteger();
    int page = 3;
    private final ObjectNode alpacaStory;
    private final ObjectNode polygonStory;
    private final ObjectNode finnhubCompanyStory;
    private final ObjectNode finnhubMarketStory;

    NewsServer() throws IOException {
        alpacaStory = (ObjectNode) fixture("alpaca-rest.json").get("news").get(0);
        polygonStory = (ObjectNode) fixture("polygon-news.json").get("results").get(0);
        finnhubCompanyStory = (ObjectNode) fixture("finnhub-company-news.json").get(0);
        finnhubMarketStory = (ObjectNode) fixture("finnhub-market-news.json").get(0);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    private static JsonNode fixture(String name) throws IOException {
        return JSON.readTree(Files.readString(FIXTURES.resolve(name)));
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** An Alpaca story: the fixture with id, headline, time and symbols of its own. */
    void alpaca(long id, Instant created, String... symbols) {
        ObjectNode s = alpacaStory.deepCopy();
        s.put("id", id).put("headline", "Alpaca story " + id + " " + s.get("headline").asText())
                .put("created_at", created.toString()).put("updated_at", created.toString());
        ArrayNode sym = s.putArray("symbols");
        for (String x : symbols) {
            sym.add(x);
        }
        alpaca.add(s);
    }

    void polygon(String id, Instant published, String... tickers) {
        ObjectNode s = polygonStory.deepCopy();
        s.put("id", id).put("title", "Polygon story " + id + " " + s.get("title").asText()).put("published_utc", published.toString());
        ArrayNode t = s.putArray("tickers");
        for (String x : tickers) {
            t.add(x);
        }
        s.putArray("insights"); // the fixture's insight names UBS; these stories' tickers vary
        polygon.add(s);
    }

    void finnhubCompany(long id, Instant at, String symbol) {
        ObjectNode s = finnhubCompanyStory.deepCopy();
        s.put("id", id).put("headline", "Finnhub company story " + id).put("datetime", at.getEpochSecond()).put("related", symbol);
        finnhubCompany.add(s);
    }

    void finnhubMarket(long id, Instant at) {
        ObjectNode s = finnhubMarketStory.deepCopy();
        s.put("id", id).put("headline", "Finnhub market story " + id).put("datetime", at.getEpochSecond());
        finnhubMarket.add(s);
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        Map<String, String> q = x.getRequestURI().getRawQuery() == null ? Map.of() : AlphaVantageServer.query(x.getRequestURI().getRawQuery());
        requests.add(new Request(path, q, x.getRequestHeaders().getFirst("APCA-API-KEY-ID"), Instant.now()));
        if (tooMany.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            x.getResponseHeaders().add("Retry-After", "1");
            reply(x, 429, "{\"message\":\"too many requests\"}");
            return;
        }
        switch (path) {
            case "/v1beta1/news" -> {
                if (!"KEY".equals(x.getRequestHeaders().getFirst("APCA-API-KEY-ID"))
                        || !"SECRET".equals(x.getRequestHeaders().getFirst("APCA-API-SECRET-KEY"))) {
                    reply(x, 401, "{\"message\":\"forbidden\"}");
                    return;
                }
                reply(x, 200, alpaca(q));
            }
            case "/v2/reference/news" -> reply(x, "PKEY".equals(q.get("apiKey")) ? 200 : 401, polygon(q));
            case "/api/v1/company-news", "/api/v1/news" -> {
                if (!"FKEY".equals(q.get("token"))) {
                    reply(x, 401, "{\"error\":\"Invalid API key\"}");
                    return;
                }
                reply(x, 200, path.endsWith("company-news") ? company(q) : market(q));
            }
            default -> reply(x, 404, "{}");
        }
    }

    private String alpaca(Map<String, String> q) {
        Instant start = OffsetDateTime.parse(q.get("start")).toInstant();
        Instant end = OffsetDateTime.parse(q.get("end")).toInstant();
        List<String> symbols = q.containsKey("symbols") ? List.of(q.get("symbols").split(",")) : null;
        List<ObjectNode> match = new ArrayList<>();
        for (ObjectNode s : alpaca) {
            Instant t = Instant.parse(s.get("created_at").asText());
            boolean named = symbols == null;
            for (JsonNode y : s.get("symbols")) {
                named |= symbols != null && symbols.contains(y.asText());
            }
            if (!t.isBefore(start) && !t.isAfter(end) && named) {
                match.add(s);
            }
        }
        match.sort(Comparator.comparing((ObjectNode s) -> s.get("created_at").asText()).thenComparing(s -> s.get("id").asLong()));
        int from = q.containsKey("page_token") ? Integer.parseInt(new String(Base64.getDecoder().decode(q.get("page_token")))) : 0;
        ObjectNode out = JSON.createObjectNode();
        out.putArray("news").addAll(match.subList(from, Math.min(match.size(), from + page)));
        out.put("next_page_token", from + page < match.size()
                ? Base64.getEncoder().encodeToString(String.valueOf(from + page).getBytes(StandardCharsets.UTF_8)) : null);
        return out.toString();
    }

    private String polygon(Map<String, String> q) {
        String gte;
        String ticker;
        int from;
        if (q.containsKey("cursor")) { // next_url: the query is inside the cursor, as Polygon's is
            String[] c = new String(Base64.getUrlDecoder().decode(q.get("cursor")), StandardCharsets.UTF_8).split("\\|", -1);
            gte = c[0];
            ticker = c[1].isEmpty() ? null : c[1];
            from = Integer.parseInt(c[2]);
        } else {
            gte = q.get("published_utc.gte");
            ticker = q.get("ticker");
            from = 0;
        }
        Instant floor = OffsetDateTime.parse(gte).toInstant();
        List<ObjectNode> match = new ArrayList<>();
        for (ObjectNode s : polygon) {
            boolean named = ticker == null;
            for (JsonNode t : s.get("tickers")) {
                named |= t.asText().equals(ticker);
            }
            if (named && !Instant.parse(s.get("published_utc").asText()).isBefore(floor)) {
                match.add(s);
            }
        }
        match.sort(Comparator.comparing((ObjectNode s) -> s.get("published_utc").asText()).thenComparing(s -> s.get("id").asText()));
        List<ObjectNode> pageOf = match.subList(from, Math.min(match.size(), from + page));
        ObjectNode out = JSON.createObjectNode();
        out.putArray("results").addAll(pageOf);
        out.put("status", "OK").put("request_id", "r" + requests.size()).put("count", pageOf.size());
        if (from + page < match.size()) {
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (gte + "|" + (ticker == null ? "" : ticker) + "|" + (from + page)).getBytes(StandardCharsets.UTF_8));
            out.put("next_url", base() + "/v2/reference/news?cursor=" + cursor);
        }
        return out.toString();
    }

    private String company(Map<String, String> q) {
        LocalDate from = LocalDate.parse(q.get("from"));
        LocalDate to = LocalDate.parse(q.get("to"));
        ArrayNode out = JSON.createArrayNode();
        finnhubCompany.stream().filter(s -> s.get("related").asText().equals(q.get("symbol")))
                .filter(s -> {
                    LocalDate d = LocalDate.ofInstant(Instant.ofEpochSecond(s.get("datetime").asLong()), ZoneOffset.UTC);
                    return !d.isBefore(from) && !d.isAfter(to);
                })
                .sorted(Comparator.comparing((ObjectNode s) -> -s.get("datetime").asLong())) // newest first
                .forEach(out::add);
        return out.toString();
    }

    private String market(Map<String, String> q) {
        long minId = Long.parseLong(q.getOrDefault("minId", "0"));
        ArrayNode out = JSON.createArrayNode();
        finnhubMarket.stream().filter(s -> s.get("id").asLong() > minId)
                .sorted(Comparator.comparing((ObjectNode s) -> -s.get("id").asLong())).forEach(out::add);
        return out.toString();
    }

    private static void reply(HttpExchange x, int status, String body) throws IOException {
        x.getResponseHeaders().add("Content-Type", "application/json");
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
