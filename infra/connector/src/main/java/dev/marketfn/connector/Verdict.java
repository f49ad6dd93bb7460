package dev.marketfn.connector;

/** What a {@link Protocol} makes of one complete, well-formed frame. */
public sealed interface Verdict {
    /** Market data: the frame goes into the next raw event. */
    record Data() implements Verdict {
    }

    /** Handshake, subscription or heartbeat traffic: answered by the protocol, not forwarded. */
    record Control() implements Verdict {
    }

    /** Data the connector already forwarded (a provider's replay after a reconnect): dropped. */
    record Duplicate(String why) implements Verdict {
    }

    /** The provider's error frame: logged with its code and alerted; the frame is not forwarded. */
    record ProviderError(String code, String message) implements Verdict {
    }

    Verdict DATA = new Data();
    Verdict CONTROL = new Control();
}
