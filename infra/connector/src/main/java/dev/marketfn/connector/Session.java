package dev.marketfn.connector;

/** What a {@link Protocol} may do with the connection it is speaking on. */
public interface Session {
    /** Sends one text frame (auth, subscribe). */
    void send(String text);

    /** The provider handshake is complete (authenticated and subscribed): the connection counts as working. */
    void ready();
}
