package dev.marketfn.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.codec.OutEvent;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.Json;
import dev.marketfn.providers.Providers;
import dev.marketfn.providers.RawMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawEventsTest {
    // the trade and quote of functions/domain/providers' Alpaca fixture, one per frame as the stream may send them
    static final String TRADE = "[{\"T\":\"t\",\"i\":96921,\"S\":\"AAPL\",\"x\":\"D\",\"p\":126.55,\"s\":1,\"t\":\"2021-02-22T15:51:44.208Z\",\"c\":[\"@\",\"I\"],\"z\":\"C\"}]";
    static final String QUOTE = " [ {\"T\":\"q\",\"S\":\"AMD\",\"bx\":\"U\",\"bp\":87.66,\"bs\":1,\"ax\":\"Q\",\"ap\":87.68,\"as\":4,\"t\":\"2021-02-22T15:51:45.335689322Z\",\"c\":[\"R\"],\"z\":\"C\"} ]\n";

    @Test
    void framesAreSplicedVerbatimIntoOneArrayThatNormalizeAccepts() {
        OutEvent e = RawEvents.batch(EventTypes.RAW, "alpaca", "alpaca", List.of(RawEvents.messages(TRADE), RawEvents.messages(QUOTE)));
        String data = new String((byte[]) e.data(), StandardCharsets.UTF_8);
        assertThat(data).isEqualTo("[" + TRADE.substring(1, TRADE.length() - 1) + ","
                + QUOTE.strip().substring(1, QUOTE.strip().length() - 1).strip() + "]");
        assertThat(e.type()).isEqualTo(EventTypes.RAW);
        assertThat(e.source()).isEqualTo("/providers/alpaca");
        assertThat(e.extensions()).containsEntry("provider", "alpaca").containsEntry("partitionkey", "alpaca");
        var records = Providers.standard().normalize(new RawMessage("alpaca", e.id(), Json.tree((byte[]) e.data()),
                null, Instant.parse("2021-02-22T16:00:00Z")));
        assertThat(records).hasSize(2);
    }

    @Test
    void theIdIsAFunctionOfProviderAndData() {
        List<byte[]> frames = List.of(RawEvents.messages(TRADE));
        assertThat(RawEvents.batch(EventTypes.RAW, "alpaca", "k1", frames).id()).isEqualTo(RawEvents.batch(EventTypes.RAW, "alpaca", "k2", frames).id());
        assertThat(RawEvents.batch(EventTypes.RAW, "alpaca", "k", frames).id()).isNotEqualTo(RawEvents.batch(EventTypes.RAW, "polygon", "k", frames).id());
        assertThat(RawEvents.batch(EventTypes.RAW, "alpaca", "k", frames).id())
                .isNotEqualTo(RawEvents.batch(EventTypes.RAW, "alpaca", "k", List.of(RawEvents.messages(QUOTE))).id());
    }

    @Test
    void objectFramesAreElementsAsTheyAre() {
        assertThat(new String(RawEvents.messages("{\"type\":\"match\"}"), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"match\"}");
        assertThat(RawEvents.messages("[]")).isEmpty();
    }

    @Test
    void credentialsNeverPrint() {
        assertThat(new Credentials("AKXYZ", "s3cret").toString()).doesNotContain("AKXYZ").doesNotContain("s3cret");
    }
}
