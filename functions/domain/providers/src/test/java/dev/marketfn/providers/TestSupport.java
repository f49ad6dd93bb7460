package dev.marketfn.providers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

final class TestSupport {
    static final Providers PROVIDERS = Providers.standard();

    private TestSupport() {
    }

    static JsonNode fixture(String provider, String name) {
        String path = "/fixtures/" + provider + "/" + name;
        try (InputStream in = TestSupport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return Json.tree(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        return Json.tree(text.getBytes(StandardCharsets.UTF_8));
    }

    static List<CanonicalRecord> run(String provider, JsonNode data, String ingest) {
        return run(provider, data, null, ingest);
    }

    static List<CanonicalRecord> run(String provider, JsonNode data, String subject, String ingest) {
        return PROVIDERS.normalize(new RawMessage(provider, "raw-1", data, subject, Instant.parse(ingest)));
    }

    static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }

    static Instant ts(String s) {
        return Instant.parse(s);
    }

    /** Asserts the call is rejected with this reason at this field path. */
    static void rejected(ThrowingCallable call, String reason, String field) {
        assertThatThrownBy(call)
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> {
                    InvalidInputException ie = (InvalidInputException) e;
                    org.assertj.core.api.Assertions.assertThat(ie.reason()).as("reason of " + ie.getMessage()).isEqualTo(reason);
                    org.assertj.core.api.Assertions.assertThat(ie.field()).as("field of " + ie.getMessage()).isEqualTo(field);
                });
    }
}
