package dev.marketfn.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The three kinds of canonical record. */
public enum Kind {
    TRADE, QUOTE, BAR;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Kind fromWire(String text) {
        return Kind.valueOf(text.toUpperCase(Locale.ROOT));
    }
}
