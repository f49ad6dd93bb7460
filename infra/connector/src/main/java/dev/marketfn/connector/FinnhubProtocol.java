package dev.marketfn.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Finnhub websocket, {@code wss://ws.finnhub.io?token=KEY}: the API key rides in the URL (a wrong one is refused at
 * the upgrade), the client sends {@code {"type":"subscribe","symbol":"AAPL"}} per instrument ({@code AAPL},
 * {@code BINANCE:BTCUSDT}, {@code OANDA:EUR_USD}), and the server answers nothing until data or its
 * {@code {"type":"ping"}} keep-alive. A bad key fails the upgrade itself and Finnhub acknowledges no subscription, so
 * the connection is ready once the subscribes are sent; a later {@code {"type":"error","msg":..}} (an unknown symbol,
 * too many subscriptions) is the provider's error about one request, alerted while the stream goes on. Trades are the
 * only channel.
 */
public final class FinnhubProtocol extends ProviderProtocol {
    public static final String NAME = "finnhub";
    public static final URI DEFAULT_URI = URI.create("wss://ws.finnhub.io");
    private final URI base;
    private final Subscription subscription;

    public FinnhubProtocol(URI base, Credentials credentials, Subscription subscription) {
        if (subscription.has("quotes") || subscription.has("bars")) {
            throw new IllegalArgumentException("finnhub: its websocket streams trades only");
        }
        String query = "token=" + URLEncoder.encode(credentials.key(), StandardCharsets.UTF_8);
        super(NAME, URI.create(base.toString() + (base.getRawQuery() == null ? "?" : "&") + query));
        this.base = base;
        this.subscription = subscription;
    }

    @Override
    public String endpoint() {
        return base + (base.getRawQuery() == null ? "?" : "&") + "token=…";
    }

    @Override
    public void opened(Session session) {
        for (String symbol : subscription.symbols()) {
            session.send(Frames.write(Frames.object().put("type", "subscribe").put("symbol", symbol)));
        }
        session.ready();
    }

    @Override
    public Verdict frame(JsonNode frame, Session session) {
        String type = Frames.text(frame, "type");
        if (type.equals("error")) {
            return new Verdict.ProviderError("error", Frames.text(frame, "msg"));
        }
        return type.equals("ping") ? Verdict.CONTROL : Verdict.DATA;
    }
}
