package dev.marketfn.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Polygon (Massive) stocks websocket, {@code wss://socket.polygon.io/stocks}: the server greets with
 * {@code [{"ev":"status","status":"connected",..}]}; the client sends {@code {"action":"auth","params":KEY}}, is
 * answered {@code status auth_success} or {@code auth_failed}, and subscribes with
 * {@code {"action":"subscribe","params":"T.AAPL,Q.AAPL,AM.AAPL"}} (trades, quotes, minute aggregates), confirmed by
 * {@code status success} "subscribed to: …". Any other status that is not a success is the provider's error.
 */
public final class PolygonProtocol extends ProviderProtocol {
    public static final String NAME = "polygon";
    public static final URI DEFAULT_URI = URI.create("wss://socket.polygon.io/stocks");
    private final Credentials credentials;
    private final Subscription subscription;

    public PolygonProtocol(URI uri, Credentials credentials, Subscription subscription) {
        super(NAME, uri);
        this.credentials = credentials;
        this.subscription = subscription;
    }

    @Override
    public Verdict frame(JsonNode frame, Session session) {
        return Frames.eachMessage(frame, m -> {
            if (!Frames.text(m, "ev").equals("status")) {
                return Verdict.DATA;
            }
            String status = Frames.text(m, "status");
            switch (status) {
                case "connected" -> session.send(Frames.write(Frames.object().put("action", "auth")
                        .put("params", credentials.key())));
                case "auth_success" -> session.send(Frames.write(Frames.object().put("action", "subscribe")
                        .put("params", params())));
                case "success" -> {
                    if (Frames.text(m, "message").startsWith("subscribed to")) {
                        session.ready();
                    }
                }
                default -> {
                    return new Verdict.ProviderError(status, Frames.text(m, "message"));
                }
            }
            return Verdict.CONTROL;
        });
    }

    private String params() {
        List<String> p = new ArrayList<>();
        for (String s : subscription.symbols()) {
            if (subscription.has("trades")) {
                p.add("T." + s);
            }
            if (subscription.has("quotes")) {
                p.add("Q." + s);
            }
            if (subscription.has("bars")) {
                p.add("AM." + s);
            }
        }
        return String.join(",", p);
    }
}
