package dev.marketfn.connector;

/** A provider's key and secret (either may be empty); {@link #toString} never shows them, so logs cannot either. */
public record Credentials(String key, String secret) {
    public static final Credentials NONE = new Credentials("", "");

    public Credentials {
        key = key == null ? "" : key;
        secret = secret == null ? "" : secret;
    }

    @Override
    public String toString() {
        return "Credentials[" + (key.isEmpty() ? "none" : "***") + "]";
    }
}
