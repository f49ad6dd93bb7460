package dev.marketfn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.codec.InEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputIdentityTest {

    static InEvent event(String id, String source, String body) {
        return new InEvent(id, "1.0", "dev.marketfn.raw.v1", source, null, "application/json", Map.of(),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eventsWithAnIdAreIdentifiedBySourceAndId() {
        assertThat(Dispatcher.inputIdentity(event("e1", "/a", "{}")))
                .isEqualTo(Dispatcher.inputIdentity(event("e1", "/a", "{\"other\":1}")))
                .isNotEqualTo(Dispatcher.inputIdentity(event("e1", "/b", "{}")));
    }

    @Test
    void idLessBodiesAreToldApartByContent() {
        // two different garbage bodies without id must not collapse into one rejection row
        assertThat(Dispatcher.inputIdentity(event(null, null, "{bad")))
                .isNotEqualTo(Dispatcher.inputIdentity(event(null, null, "{worse")))
                .isEqualTo(Dispatcher.inputIdentity(event("", null, "{bad")));
        assertThat(Dispatcher.inputIdentity(event(null, null, null))).startsWith("sha256:");
    }
}
