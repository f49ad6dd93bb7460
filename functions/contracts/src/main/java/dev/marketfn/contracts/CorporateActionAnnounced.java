package dev.marketfn.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Data of {@code dev.marketfn.corporate-action.announced.v1} (docs/contract/payloads.md). {@code ratio} is new shares per old share
 * (4 for a 4:1 split, 0.1 for a 1:10 reverse split). {@code known_at} is optional: when absent, the time the platform
 * received the announcement is used (point-in-time reads depend on it).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CorporateActionAnnounced(
        @JsonProperty("action_id") String actionId,
        @JsonProperty("symbol") String symbol,
        @JsonProperty("type") String type,
        @JsonProperty("ratio") BigDecimal ratio,
        @JsonProperty("amount") BigDecimal amount,
        @JsonProperty("currency") String currency,
        @JsonProperty("ex_date") LocalDate exDate,
        @JsonProperty("record_date") LocalDate recordDate,
        @JsonProperty("pay_date") LocalDate payDate,
        @JsonProperty("new_symbol") String newSymbol,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("known_at") Instant knownAt) {

    public static final String SPLIT = "split";
    public static final String REVERSE_SPLIT = "reverse_split";
    public static final String CASH_DIVIDEND = "cash_dividend";
    public static final String STOCK_DIVIDEND = "stock_dividend";
    public static final String SYMBOL_CHANGE = "symbol_change";

    public CorporateActionAnnounced withKnownAt(Instant at) {
        return new CorporateActionAnnounced(actionId, symbol, type, ratio, amount, currency, exDate, recordDate,
                payDate, newSymbol, at);
    }
}
