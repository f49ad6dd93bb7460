package dev.marketfn.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.EventIds;
import dev.marketfn.runtime.testing.MarketfnInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A burst of concurrent requests: each gets its own answer, a bad one its own rejection, every good one its raw event once. */
@QuarkusTest
@QuarkusTestResource(MarketfnInfra.class)
class ConcurrentRequestsTest {
    @Inject
    Pool pool;

    @TestHTTPResource("/")
    URI root;

    static String trade(int i) {
        return "[{\"T\":\"t\",\"S\":\"CONC" + (i % 7) + "\",\"i\":" + (700_000 + i) + ",\"x\":\"V\",\"p\":" + (100 + i)
                + ".25,\"s\":10,\"t\":\"2024-03-01T14:30:00." + String.format("%06d", i) + "Z\",\"c\":[\"@\"],\"z\":\"C\"}]";
    }

    @Test
    void everyRequestOfABurstGetsItsOwnAnswer() {
        HttpClient http = HttpClient.newHttpClient();
        int n = 60;
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(root)
                    .header("ce-specversion", "1.0").header("ce-id", "conc-" + i).header("ce-type", "dev.marketfn.raw.v1")
                    .header("ce-source", "/providers/alpaca").header("content-type", "application/json");
            if (i % 10 != 3) {
                request.header("ce-provider", "alpaca"); // every tenth request names no provider: rejected
            }
            sent.add(http.sendAsync(request.POST(HttpRequest.BodyPublishers.ofString(trade(i))).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> response = sent.get(i).join();
            assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
            if (i % 10 == 3) {
                assertThat(response.headers().firstValue("ce-type")).as("request %d", i).contains("dev.marketfn.rejected.v1");
                assertThat(response.body()).contains("\"field\":\"provider\"");
            } else {
                stored.add("conc-" + i);
                assertThat(response.headers().firstValue("ce-id")).as("request %d", i)
                        .contains(EventIds.derive("conc-" + i, "normalize"));
                assertThat(response.body()).as("request %d", i).contains("\"raw_event_id\":\"conc-" + i + "\"")
                        .contains("\"price\":" + (100 + i) + ".25");
            }
        }
        long rows = pool.preparedQuery("SELECT count(*) FROM raw_events WHERE event_id = ANY($1)")
                .execute(Tuple.of(stored.toArray(String[]::new))).await().indefinitely().iterator().next().getLong(0);
        assertThat(rows).isEqualTo(stored.size());
    }
}
