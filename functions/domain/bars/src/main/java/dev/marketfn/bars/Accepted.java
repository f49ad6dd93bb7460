package dev.marketfn.bars;

import java.util.List;

/**
 * The outcome of one trade: how it arrived, the bars its watermark advance closed (emit these once each), and the
 * already-emitted bars it revised (upsert these; they are not emitted again as new bars).
 */
public record Accepted(Arrival arrival, List<ClosedBar> closed, List<ClosedBar> revised) {
}
