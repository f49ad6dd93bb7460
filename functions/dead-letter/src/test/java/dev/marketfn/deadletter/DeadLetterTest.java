package dev.marketfn.deadletter;

import dev.marketfn.codec.CloudEventCodec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of the sink that need no server: verbatim data in structured mode, the failure text, the row key. */
class DeadLetterTest {
    @Test
    void structuredDataIsTakenVerbatimWhateverItsJsonKind() {
        assertThat(raw("{\"id\":\"1\",\"data\":  {\"p\": 1.50 , \"q\":[1, 2]} }")).isEqualTo("{\"p\": 1.50 , \"q\":[1, 2]}");
        assertThat(raw("{\"data\":185.120}")).isEqualTo("185.120");
        assertThat(raw("{\"data\":-1e3 ,\"id\":\"x\"}")).isEqualTo("-1e3");
        assertThat(raw("{\"data\":\"a \\\"quoted\\\" é\",\"id\":\"x\"}")).isEqualTo("\"a \\\"quoted\\\" é\"");
        assertThat(raw("{\"nested\":{\"data\":1},\"data\":true}")).isEqualTo("true");
        assertThat(raw("{\"id\":\"x\"}")).isNull();
    }

    @Test
    void structuredEnvelopeKeepsEveryAttributeButTheData() {
        byte[] body = """
                {"specversion":"1.0","id":"e1","type":"t","source":"/s","datacontenttype":"application/json",
                 "seq":7,"flag":true,"obj":{"a":1},"nothing":null,"data":{"x":1}}""".getBytes(StandardCharsets.UTF_8);
        DeadLetter e = DeadLetter.of(CloudEventCodec.fromHttp(
                each -> each.accept("Content-Type", "application/cloudevents+json"), body));
        assertThat(e.attributes()).containsEntry("seq", "7").containsEntry("flag", "true")
                .containsEntry("obj", "{\"a\":1}").doesNotContainKeys("data", "nothing");
        assertThat(new String(e.data(), StandardCharsets.UTF_8)).isEqualTo("{\"x\":1}");
    }

    @Test
    void errorTextAndKey() {
        DeadLetter a = new DeadLetter(DeadLetter.BINARY, Map.of("id", "1", "source", "/s", "knativeerrorcode", "503",
                "knativeerrordest", "http://d"), new byte[] {1});
        assertThat(DeadLetterHandlers.error(a)).isEqualTo("HTTP 503 from http://d");
        DeadLetter noId = new DeadLetter(DeadLetter.BINARY, Map.of("type", "t"), new byte[] {1});
        DeadLetter noIdOther = new DeadLetter(DeadLetter.BINARY, Map.of("type", "t"), new byte[] {2});
        assertThat(DeadLetterHandlers.rejectionId(noId)).isEqualTo(DeadLetterHandlers.rejectionId(
                new DeadLetter(DeadLetter.BINARY, Map.of("type", "t"), new byte[] {1})))
                .isNotEqualTo(DeadLetterHandlers.rejectionId(noIdOther));
        assertThat(DeadLetterHandlers.response(new DeadLetter(DeadLetter.BINARY,
                Map.of("knativeerrordata", "not base64 !"), null))).isNull();
    }

    private static String raw(String body) {
        byte[] b = Json.rawMember(body.getBytes(StandardCharsets.UTF_8), "data");
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
