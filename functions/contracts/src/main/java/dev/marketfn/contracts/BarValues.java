package dev.marketfn.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/** The OHLCV part of an indicator record (docs/contract/payloads.md). */
public record BarValues(
        @JsonProperty("open") BigDecimal open,
        @JsonProperty("high") BigDecimal high,
        @JsonProperty("low") BigDecimal low,
        @JsonProperty("close") BigDecimal close,
        @JsonProperty("volume") BigDecimal volume,
        @JsonProperty("vwap") BigDecimal vwap,
        @JsonProperty("trade_count") long tradeCount) {
}
