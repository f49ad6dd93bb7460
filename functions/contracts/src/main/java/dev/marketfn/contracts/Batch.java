package dev.marketfn.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The shared envelope of tick, bar and signal streams: {@code {"records": [...]}}, an array even for one. */
public record Batch<T>(@JsonProperty("records") List<T> records) {
    public static <T> Batch<T> of(List<T> records) {
        return new Batch<>(List.copyOf(records));
    }
}
