package dev.marketfn.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The one {@link LiveHub} of the app, fed by the event sink and the broker feed, read by the live stream. */
public class Hub {
    @Produces
    @ApplicationScoped
    LiveHub hub() {
        return new LiveHub();
    }
}
