package dev.marketfn.actions;

import dev.marketfn.contracts.Adjustment;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;

/** The bases of docs/contract/payloads.md: raw (as traded), split (splits and stock dividends, the default), total_return (+ cash). */
public enum AdjustmentMode {
    RAW(Adjustment.MODE_RAW), SPLIT(Adjustment.MODE_SPLIT), TOTAL_RETURN(Adjustment.MODE_TOTAL_RETURN);

    private final String wire;

    AdjustmentMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Parses the wire name; null means the default, split. */
    public static AdjustmentMode parse(String text) {
        if (text == null) {
            return SPLIT;
        }
        for (AdjustmentMode m : values()) {
            if (m.wire.equals(text)) {
                return m;
            }
        }
        throw new InvalidInputException(RejectReason.INVALID_VALUE, "mode",
                "'" + text + "' is not one of raw, split, total_return");
    }
}
