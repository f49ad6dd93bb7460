package dev.marketfn.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;

/**
 * Alpaca Market Data stream (stocks v2 {@code wss://stream.data.alpaca.markets/v2/{feed}}, crypto
 * {@code v1beta3/crypto/us}): the server greets with {@code [{"T":"success","msg":"connected"}]}; the client then
 * authenticates with {@code {"action":"auth","key":..,"secret":..}} (within 10 s), is answered
 * {@code [{"T":"success","msg":"authenticated"}]} or {@code [{"T":"error","code":402,"msg":"auth failed"}]}, and
 * subscribes with {@code {"action":"subscribe","trades":[..],"quotes":[..],"bars":[..]}}, confirmed by a
 * {@code subscription} frame. Frames are arrays; one holding any message that is not a control message is data
 * (normalize's adapter skips the control messages in it). Error codes (406 connection limit exceeded, 405 symbol
 * limit, 409 insufficient subscription, …) come in {@code error} messages.
 */
public final class AlpacaProtocol implements Protocol {
    public static final String NAME = "alpaca";
    public static final URI DEFAULT_URI = URI.create("wss://stream.data.alpaca.markets/v2/iex");
    private final URI uri;
    private final Credentials credentials;
    private final Subscription subscription;

    public AlpacaProtocol(URI uri, Credentials credentials, Subscription subscription) {
        this.uri = uri;
        this.credentials = credentials;
        this.subscription = subscription;
    }

    @Override
    public String provider() {
        return NAME;
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public void opened(Session session) {
        // the server speaks first
    }

    @Override
    public Verdict frame(JsonNode frame, Session session) {
        boolean data = false;
        Verdict error = null;
        for (JsonNode m : Frames.messages(frame)) {
            switch (Frames.text(m, "T")) {
                case "success" -> {
                    switch (Frames.text(m, "msg")) {
                        case "connected" -> session.send(auth());
                        case "authenticated" -> session.send(subscribe());
                        default -> { }
                    }
                }
                case "subscription" -> session.ready();
                case "error" -> error = new Verdict.ProviderError(Frames.text(m, "code"), Frames.text(m, "msg"));
                default -> data = true;
            }
        }
        return error != null ? error : data ? Verdict.DATA : Verdict.CONTROL;
    }

    private String auth() {
        ObjectNode n = Frames.object().put("action", "auth").put("key", credentials.key())
                .put("secret", credentials.secret());
        return Frames.write(n);
    }

    private String subscribe() {
        ObjectNode n = Frames.object().put("action", "subscribe");
        for (String channel : new String[] {"trades", "quotes", "bars"}) {
            if (subscription.has(channel)) {
                subscription.symbols().forEach(n.putArray(channel)::add);
            }
        }
        return Frames.write(n);
    }
}
