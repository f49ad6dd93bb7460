package dev.marketfn.news;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;

/** The documented provider payloads under src/test/resources/fixtures. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {
    }

    static JsonNode json(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            return Json.tree(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String text) {
        return Json.tree(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
