package dev.marketfn.connector;

import java.net.URI;

/**
 * What every provider's {@link Protocol} holds: the adapter name its frames go by and the URI it connects to. The
 * socket opens silently unless the subclass says otherwise: Alpaca and Polygon greet first and are answered in
 * {@link #frame}.
 */
abstract class ProviderProtocol implements Protocol {
    private final String provider;
    private final URI uri;

    ProviderProtocol(String provider, URI uri) {
        this.provider = provider;
        this.uri = uri;
    }

    @Override
    public final String provider() {
        return provider;
    }

    @Override
    public final URI uri() {
        return uri;
    }

    @Override
    public void opened(Session session) {
        // the server speaks first
    }
}
