package dev.marketfn.bench.echo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.funqy.Funq;

/** Answers every CloudEvent with its data: Funqy's own cost, no parsing into types, no database. */
public class Echo {
    @Funq
    public JsonNode echo(JsonNode data) {
        return data;
    }
}
