package dev.marketfn.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A function stand-in for the CLI tests: records every POST and answers with what {@code reply} says. */
final class HttpStub implements AutoCloseable {
    /** One request: lower-case header names (first value) and the body. */
    record Request(Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A reply: status, headers, body. */
    record Reply(int status, Map<String, String> headers, String body) {
        static Reply ok(String ceType, String body) {
            return new Reply(200, Map.of("ce-type", ceType, "ce-id", "reply-1", "ce-source", "/stub",
                    "ce-specversion", "1.0", "Content-Type", "application/json"), body);
        }
    }

    private final HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();

    HttpStub(Function<Request, Reply> reply) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> handle(ex, reply));
        server.start();
    }

    private void handle(HttpExchange ex, Function<Request, Reply> reply) throws IOException {
        Map<String, String> h = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v.get(0)));
        Request req = new Request(h, new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(req);
        Reply r = reply.apply(req);
        r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
