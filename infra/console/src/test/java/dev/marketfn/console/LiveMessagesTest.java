package dev.marketfn.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.codec.CloudEventCodec;
import dev.marketfn.codec.Decoded;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.contracts.EventTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveMessagesTest {
    private static Decoded http(OutEvent e) {
        Map<String, String> headers = new HashMap<>();
        byte[] body = CloudEventCodec.toHttp(e, headers::put);
        return CloudEventCodec.fromHttp(each -> headers.forEach(each), body);
    }

    @Test
    void oneMessagePerRecordOfACarrierWithNumbersVerbatim() {
        byte[] carrier = ("{\"parts\": [{\"id\": \"a\", \"records\": 1}, {\"id\": \"b\", \"records\": 1}], \"records\": ["
                + "{\"alert_id\": \"1\", \"alert_type\": \"LATE_DATA\", \"severity\": \"LOW\", \"symbol\": \"X\", \"price\": 185.120},"
                + "{\"alert_id\": \"2\", \"alert_type\": \"SOURCE_UNAVAILABLE\", \"severity\": \"HIGH\", \"symbol\": null}]}")
                .getBytes(StandardCharsets.UTF_8);
        List<LiveMessages.Message> m = LiveMessages.of(http(OutEvent.builder("quality-check", EventTypes.QUALITY_ALERT,
                "c1").data(carrier)));
        assertThat(m).extracting(LiveMessages.Message::kind).containsExactly("alert", "alert");
        assertThat(m).extracting(LiveMessages.Message::symbol).containsExactly("X", null);
        assertThat(m.get(0).json()).startsWith("{\"kind\":\"alert\",\"alert_id\":\"1\"").contains("185.12}");
    }

    @Test
    void aRejectionNamesItsFunction() {
        byte[] data = "{\"reason\": \"MALFORMED_JSON\", \"field\": null, \"detail\": \"<b>x</b>\", \"input_id\": \"i\", \"input_type\": \"t\"}"
                .getBytes(StandardCharsets.UTF_8);
        List<LiveMessages.Message> m = LiveMessages.of(http(OutEvent.builder("normalize", EventTypes.REJECTED, "r1")
                .data(data)));
        assertThat(m).hasSize(1);
        assertThat(m.get(0).json()).contains("\"function\":\"normalize\"", "\"detail\":\"<b>x</b>\"");
    }

    @Test
    void typesNotShownAndBrokenDataGiveNothing() {
        assertThat(LiveMessages.of(http(OutEvent.builder("normalize", EventTypes.TICK_NORMALIZED, "t1")
                .data("{\"records\": [{}]}".getBytes(StandardCharsets.UTF_8))))).isEmpty();
        assertThat(LiveMessages.of(http(OutEvent.builder("alpha-call", EventTypes.ALPHA_CALL, "t2")
                .data("{\"records\": [".getBytes(StandardCharsets.UTF_8))))).isEmpty();
        assertThat(LiveMessages.of(CloudEventCodec.fromHttp(each -> each.accept("content-type", "text/plain"),
                new byte[0]))).isEmpty();
    }

    @Test
    void theHubSendsEachClientTheSymbolsAndKindsItFollows() {
        LiveHub hub = new LiveHub();
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        hub.subscribe(new LiveHub.Client(Set.of("X"), Set.of(), m -> a.add(m.kind() + ":" + m.symbol())));
        Runnable off = hub.subscribe(new LiveHub.Client(Set.of(), Set.of("signal"), m -> b.add(m.kind() + ":" + m.symbol())));
        hub.publish(List.of(new LiveMessages.Message("bar", "X", "{}"), new LiveMessages.Message("signal", "Y", "{}"),
                new LiveMessages.Message("rejected", null, "{}")));
        off.run();
        hub.publish(List.of(new LiveMessages.Message("signal", "X", "{}")));
        assertThat(a).containsExactly("bar:X", "rejected:null", "signal:X");
        assertThat(b).containsExactly("signal:Y");
        assertThat(hub.clients()).isEqualTo(1);
    }
}
