package dev.marketfn.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineHealthTest {
    private static final String SCRAPE = """
            # HELP stream_events_ingested_total events
            # TYPE stream_events_ingested_total counter
            stream_events_ingested_total{bus="kafka",provider="alpaca",topic="marketfn.normalize",type="raw"} 40.0
            stream_events_ingested_total{bus="kafka",provider="polygon",topic="marketfn.normalize",type="raw"} 60.0
            stream_consumer_lag_ms{consumer="c",group="marketfn-normalize",topic="marketfn.normalize"} 120.0
            stream_consumer_lag_ms{consumer="d",group="marketfn-normalize",topic="marketfn.normalize"} 80.0
            store_write_duration_seconds_count{table="raw_events"} 8.0
            store_write_duration_seconds_sum{table="raw_events"} 0.02
            store_write_duration_seconds_bucket{table="raw_events",le="0.001"} 3.0
            errors_total{component="normalize",reason="MALFORMED_JSON"} 2.0
            odd_metric NaN
            """;

    @Test
    void sumsMaximaAndRates() {
        PipelineHealth h = new PipelineHealth(null, java.util.Optional.empty());
        PipelineHealth.Stage first = h.stage("normalize", PromText.parse(SCRAPE), 1_000_000_000L);
        assertThat(first.events()).isEqualTo(100.0);
        assertThat(first.eventsPerSecond()).isNull();
        assertThat(first.lagMs()).isEqualTo(120.0);
        assertThat(first.storeWriteMeanMs()).isEqualTo(2.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(first.errors()).isEqualTo(2.0);
        PipelineHealth.Stage second = h.stage("normalize",
                PromText.parse(SCRAPE.replace("} 60.0", "} 110.0")), 3_000_000_000L);
        assertThat(second.eventsPerSecond()).isEqualTo(25.0);
        assertThat(PromText.parse(SCRAPE).sum("odd_metric")).isNull();
    }

    @Test
    void targetsAreNameUrlPairs() {
        assertThat(PipelineHealth.targets("normalize=http://127.0.0.1:8081/q/metrics, indicator=http://127.0.0.1:8084/q/metrics,"))
                .isEqualTo(Map.of("normalize", URI.create("http://127.0.0.1:8081/q/metrics"),
                        "indicator", URI.create("http://127.0.0.1:8084/q/metrics")));
    }
}
