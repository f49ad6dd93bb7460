package dev.marketfn.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketfn.contracts.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Gives Quarkus' (and so Funqy's) ObjectMapper the platform's configuration: exact decimals, microsecond instants,
 * and trailing content after the first JSON value as an error ({@code FAIL_ON_TRAILING_TOKENS}).
 */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
