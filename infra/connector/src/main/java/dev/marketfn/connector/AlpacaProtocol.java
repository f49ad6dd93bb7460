package dev.marketfn.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketfn.contracts.EventTypes;
import java.net.URI;
import java.util.List;

/**
 * Alpaca Market Data stream (stocks v2 {@code wss://stream.data.alpaca.markets/v2/{feed}}, crypto
 * {@code v1beta3/crypto/us}): the server greets with {@code [{"T":"success","msg":"connected"}]}; the client then
 * authenticates with {@code {"action":"auth","key":..,"secret":..}} (within 10 s), is answered
 * {@code [{"T":"success","msg":"authenticated"}]} or {@code [{"T":"error","code":402,"msg":"auth failed"}]}, and
 * subscribes with {@code {"action":"subscribe","trades":[..],"quotes":[..],"bars":[..]}}, confirmed by a
 * {@code subscription} frame. Frames are arrays; one holding any message that is not a control message is data
 * (normalize's adapter skips the control messages in it). Error codes (406 connection limit exceeded, 405 symbol
 * limit, 409 insufficient subscription, …) come in {@code error} messages.
 * <p>
 * The news stream ({@link #news}, {@code wss://stream.data.alpaca.markets/v1beta1/news}) speaks the same protocol with
 * {@code {"action":"subscribe","news":["*"]}} (or ticker names) and sends {@code T: "n"} messages; its batches go out
 * as {@code dev.marketfn.news.raw.v1} to the news function, with provider {@code alpaca} (the news parser's name).
 */
public final class AlpacaProtocol extends ProviderProtocol {
    public static final String NAME = "alpaca";
    /** The name {@code marketfn ingest --provider} and {@code MARKETFN_PROVIDER} give the news stream. */
    public static final String NEWS = "alpaca-news";
    public static final URI DEFAULT_URI = URI.create("wss://stream.data.alpaca.markets/v2/iex");
    public static final URI NEWS_URI = URI.create("wss://stream.data.alpaca.markets/v1beta1/news");
    private final Credentials credentials;
    private final Subscription subscription;
    /** Null for market data; the tickers (or {@code *}) of the news stream. */
    private final List<String> news;

    public AlpacaProtocol(URI uri, Credentials credentials, Subscription subscription) {
        this(uri, credentials, subscription, null);
    }

    private AlpacaProtocol(URI uri, Credentials credentials, Subscription subscription, List<String> news) {
        super(NAME, uri);
        this.credentials = credentials;
        this.subscription = subscription;
        this.news = news;
    }

    /** The news stream at {@code uri}, for {@code symbols}: tickers, or {@code *} for every story. */
    public static AlpacaProtocol news(URI uri, Credentials credentials, List<String> symbols) {
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("the news stream needs tickers or *");
        }
        return new AlpacaProtocol(uri, credentials, null, List.copyOf(symbols));
    }

    @Override
    public String eventType() {
        return news != null ? EventTypes.NEWS_RAW : EventTypes.RAW;
    }

    @Override
    public Verdict frame(JsonNode frame, Session session) {
        return Frames.eachMessage(frame, m -> switch (Frames.text(m, "T")) {
            case "success" -> {
                switch (Frames.text(m, "msg")) {
                    case "connected" -> session.send(auth());
                    case "authenticated" -> session.send(subscribe());
                    default -> { }
                }
                yield Verdict.CONTROL;
            }
            case "subscription" -> {
                session.ready();
                yield Verdict.CONTROL;
            }
            case "error" -> new Verdict.ProviderError(Frames.text(m, "code"), Frames.text(m, "msg"));
            default -> Verdict.DATA;
        });
    }

    private String auth() {
        ObjectNode n = Frames.object().put("action", "auth").put("key", credentials.key())
                .put("secret", credentials.secret());
        return Frames.write(n);
    }

    private String subscribe() {
        ObjectNode n = Frames.object().put("action", "subscribe");
        if (news != null) {
            news.forEach(n.putArray("news")::add);
            return Frames.write(n);
        }
        for (String channel : new String[] {"trades", "quotes", "bars"}) {
            if (subscription.has(channel)) {
                subscription.symbols().forEach(n.putArray(channel)::add);
            }
        }
        return Frames.write(n);
    }
}
