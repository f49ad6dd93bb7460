package dev.marketfn.contracts;

/** CloudEvent {@code source} values (docs/contract/events.md). */
public final class Sources {
    private Sources() {
    }

    public static String provider(String provider) {
        return "/providers/" + provider;
    }

    public static String function(String function) {
        return "/marketfn/" + function;
    }
}
