package dev.marketfn.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Binance spot combined streams, {@code wss://stream.binance.com:9443/stream?streams=btcusdt@trade/...}: the streams
 * are named in the URL, so there is no handshake; every frame is {@code {"stream":..,"data":{..}}}. The server sends
 * a ping frame every 20 s and drops a client that has not answered within a minute (the JDK client answers pings
 * itself); a connection lasts at most 24 h, after which the reconnect loop opens the next. Replies to
 * client requests ({@code {"result":..,"id":..}}) are control; {@code {"code":..,"msg":..}} is an error.
 */
public final class BinanceProtocol extends ProviderProtocol {
    public static final String NAME = "binance";
    public static final URI DEFAULT_URI = URI.create("wss://stream.binance.com:9443");
    public BinanceProtocol(URI base, Subscription subscription) {
        List<String> streams = new ArrayList<>();
        for (String s : subscription.symbols()) {
            String symbol = s.replaceAll("[-/_]", "").toLowerCase(Locale.ROOT);
            if (subscription.has("trades")) {
                streams.add(symbol + "@trade");
            }
            if (subscription.has("bars")) {
                streams.add(symbol + "@kline_1m");
            }
            if (subscription.has("quotes")) {
                throw new IllegalArgumentException("binance: quotes (bookTicker) are not normalized; use trades or bars");
            }
        }
        String path = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
        super(NAME, base.resolve(path + "/stream?streams=" + String.join("/", streams)));
    }

    @Override
    public void opened(Session session) {
        session.ready();
    }

    @Override
    public Verdict frame(JsonNode frame, Session session) {
        if (frame.has("result") && frame.has("id")) {
            return Verdict.CONTROL;
        }
        if (frame.has("code") && frame.has("msg") && !frame.has("data")) {
            return new Verdict.ProviderError(Frames.text(frame, "code"), Frames.text(frame, "msg"));
        }
        return Verdict.DATA;
    }
}
