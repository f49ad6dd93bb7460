package dev.marketfn.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketfn.contracts.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Gives Quarkus' (and so Funqy's) ObjectMapper the platform's exact-decimal, microsecond configuration. */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
