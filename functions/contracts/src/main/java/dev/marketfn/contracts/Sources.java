package dev.marketfn.contracts;

/** CloudEvent {@code source} values (SPEC §2). */
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
