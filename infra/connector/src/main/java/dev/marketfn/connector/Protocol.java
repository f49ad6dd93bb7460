package dev.marketfn.connector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.EventTypes;
import java.net.URI;

/**
 * One provider's websocket protocol: where to connect, what to send when the socket opens and in answer to control
 * frames (auth, subscribe), and which frames are data. A protocol instance serves one connector and keeps per-stream
 * state across reconnects (Coinbase's last trade id per product); {@link #opened} starts each connection afresh.
 */
public interface Protocol {
    /** The adapter name normalize knows the frames by ({@code provider} extension). */
    String provider();

    /**
     * The type of the raw events its data frames go out as: {@code dev.marketfn.raw.v1} (to normalize) for market
     * data, {@code dev.marketfn.news.raw.v1} (to the news function) for a news stream.
     */
    default String eventType() {
        return EventTypes.RAW;
    }

    /** The URI to connect to (Binance names its streams in it, Finnhub the API key). */
    URI uri();

    /** The URI as logs may show it: without a credential. */
    default String endpoint() {
        return uri().toString();
    }

    /** The socket is open: send what the provider expects first, if anything. */
    void opened(Session session);

    /** One complete frame that parsed as JSON. */
    Verdict frame(JsonNode frame, Session session);
}
