package dev.marketfn.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Coinbase Exchange websocket feed, {@code wss://ws-feed.exchange.coinbase.com}: the client must send
 * {@code {"type":"subscribe","product_ids":[..],"channels":["heartbeat","matches"]}} within 5 s; the server answers
 * {@code subscriptions}, then streams {@code match} messages (after one {@code last_match}) and a {@code heartbeat}
 * per product every second carrying the product's {@code last_trade_id}. Errors are {@code {"type":"error",
 * "message":..,"reason":..}}.
 * <p>
 * Gaps and replays are found by trade id, not by {@code sequence}: the sequence counts every message of the full
 * channel, so a matches-only subscription sees it jump by design, while a product's trade ids are consecutive. A
 * match whose trade id is not above the last one seen is a replay (the {@code last_match} after a reconnect) and is
 * dropped; one that skips ids, or a heartbeat whose {@code last_trade_id} is ahead of the last match seen, reports
 * the missing ids to the {@link GapListener}. The last id per product is kept across reconnects on purpose.
 */
public final class CoinbaseProtocol extends ProviderProtocol {
    public static final String NAME = "coinbase";
    public static final URI DEFAULT_URI = URI.create("wss://ws-feed.exchange.coinbase.com");
    private final Subscription subscription;
    private final GapListener gaps;
    private final Map<String, Long> lastTradeId = new HashMap<>();

    public CoinbaseProtocol(URI uri, Subscription subscription, GapListener gaps) {
        super(NAME, uri);
        this.subscription = subscription;
        this.gaps = gaps;
        if (!subscription.has("trades") || subscription.channels().size() > 1) {
            throw new IllegalArgumentException("coinbase: only the trades channel (matches) is supported");
        }
    }

    @Override
    public void opened(Session session) {
        ObjectNode n = Frames.object().put("type", "subscribe");
        subscription.symbols().forEach(n.putArray("product_ids")::add);
        n.putArray("channels").add("heartbeat").add("matches");
        session.send(Frames.write(n));
    }

    @Override
    public synchronized Verdict frame(JsonNode frame, Session session) {
        String type = Frames.text(frame, "type");
        return switch (type) {
            case "subscriptions" -> {
                session.ready();
                yield Verdict.CONTROL;
            }
            case "error" -> new Verdict.ProviderError(Frames.text(frame, "reason").isEmpty() ? "error"
                    : Frames.text(frame, "reason"), Frames.text(frame, "message"));
            case "heartbeat" -> {
                heartbeat(frame);
                yield Verdict.CONTROL;
            }
            case "match", "last_match" -> match(frame);
            default -> Verdict.CONTROL; // "clients are expected to ignore messages they do not support"
        };
    }

    private Verdict match(JsonNode m) {
        String product = Frames.text(m, "product_id");
        JsonNode id = m.get("trade_id");
        if (id == null || !id.canConvertToLong()) {
            return Verdict.DATA; // normalize rejects or accepts it; nothing to track
        }
        long tradeId = id.asLong();
        Long last = lastTradeId.get(product);
        if (last != null && tradeId <= last) {
            return new Verdict.Duplicate(product + " trade " + tradeId + " already seen (last " + last + ")");
        }
        if (last != null && tradeId > last + 1) {
            gaps.gap(product, last + 1, tradeId - 1);
        }
        lastTradeId.put(product, tradeId);
        return Verdict.DATA;
    }

    private void heartbeat(JsonNode h) {
        String product = Frames.text(h, "product_id");
        JsonNode id = h.get("last_trade_id");
        Long last = lastTradeId.get(product);
        if (id == null || !id.canConvertToLong()) {
            return;
        }
        long announced = id.asLong();
        if (last == null) {
            lastTradeId.put(product, announced); // the stream starts here
        } else if (announced > last) {
            gaps.gap(product, last + 1, announced);
            lastTradeId.put(product, announced);
        }
    }
}
