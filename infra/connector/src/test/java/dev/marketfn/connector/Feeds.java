package dev.marketfn.connector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.codec.Decoded;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.Json;
import dev.marketfn.providers.Providers;
import dev.marketfn.providers.RawMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Provider frames for the local servers: the documented examples of functions/domain/providers' fixtures (Alpaca
 * trade, Polygon trade, Coinbase match and heartbeat, Binance trade in its combined-stream wrapper) with the trade id
 * varied, so every trade of a test run is told apart.
 */
final class Feeds {
    private Feeds() {
    }

    /** Two Alpaca trades in one frame: ids 2k and 2k+1. */
    static String alpacaFrame(int k) {
        return "[" + alpacaTrade(2L * k) + "," + alpacaTrade(2L * k + 1) + "]";
    }

    static String alpacaTrade(long i) {
        return "{\"T\":\"t\",\"i\":" + i + ",\"S\":\"AAPL\",\"x\":\"D\",\"p\":126.55,\"s\":1,\"t\":\"2021-02-22T15:51:44.208Z\",\"c\":[\"@\",\"I\"],\"z\":\"C\"}";
    }

    static String coinbaseMatch(String type, long tradeId) {
        return "{\"type\":\"" + type + "\",\"trade_id\":" + tradeId + ",\"sequence\":" + (50 + 3 * tradeId)
                + ",\"maker_order_id\":\"ac928c66-ca53-498f-9c13-a110027a60e8\",\"taker_order_id\":\"132fb6ae-456b-4654-b4e0-d681ac05cea1\","
                + "\"time\":\"2014-11-07T08:19:27.028459Z\",\"product_id\":\"ETH-USD\",\"size\":\"5.23512\",\"price\":\"400.23\",\"side\":\"sell\"}";
    }

    static String coinbaseHeartbeat(long lastTradeId) {
        return "{\"type\":\"heartbeat\",\"sequence\":" + (50 + 3 * lastTradeId + 1) + ",\"last_trade_id\":" + lastTradeId
                + ",\"product_id\":\"ETH-USD\",\"time\":\"2014-11-07T08:19:28.464459Z\"}";
    }

    static String binanceTrade(String symbol, long t) {
        return "{\"stream\":\"" + symbol.toLowerCase() + "@trade\",\"data\":{\"e\":\"trade\",\"E\":1672515782136,\"s\":\""
                + symbol + "\",\"t\":" + t + ",\"p\":\"0.001\",\"q\":\"100\",\"T\":1672515782136,\"m\":true,\"M\":true}}";
    }

    static String polygonTrade(long q) {
        return "[{\"ev\":\"T\",\"sym\":\"AAPL\",\"x\":4,\"i\":\"" + q + "\",\"z\":3,\"p\":114.125,\"s\":100,\"c\":[0,12],\"t\":1536036818784,\"q\":" + q + "}]";
    }

    /** A Finnhub trade message of two AAPL trades at Unix ms 2k and 2k+1 past the documented example's time. */
    static String finnhubTrades(int k) {
        return "{\"data\":[" + finnhubTrade(2L * k) + "," + finnhubTrade(2L * k + 1) + "],\"type\":\"trade\"}";
    }

    private static String finnhubTrade(long i) {
        return "{\"c\":[\"1\",\"12\"],\"p\":129.58,\"s\":\"AAPL\",\"t\":" + (1672348887666L + i) + ",\"v\":1}";
    }

    /** Every record normalize makes of the raw events (each must be accepted whole). */
    static List<CanonicalRecord> normalize(List<Decoded> events) {
        List<CanonicalRecord> all = new ArrayList<>();
        for (Decoded d : events) {
            var e = d.event("");
            JsonNode data = Json.tree(e.data());
            all.addAll(Providers.standard().normalize(new RawMessage(e.extension("provider"), e.id(), data, e.subject(),
                    Instant.parse("2024-01-01T00:00:00Z"))));
        }
        return all;
    }
}
