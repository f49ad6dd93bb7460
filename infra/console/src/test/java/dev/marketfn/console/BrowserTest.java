package dev.marketfn.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.codec.CloudEventCodec;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The page in a real browser (headless Chromium) against the running console and its stack: candles, an indicator
 * overlay and the signal markers are drawn (the chart's canvas has candle-coloured pixels; the page's state counts
 * series points and markers), a signal posted after load is in the feed and on the chart within 2 s, and the HTML in
 * the fixture's rationale and details is shown as text, never run. Screenshots of each view go to
 * {@code docs/images/} ({@code -Dconsole.screenshots=<dir>} to put them elsewhere).
 */
@QuarkusTest
@QuarkusTestResource(ConsoleStack.class)
class BrowserTest {
    /** The candles' up colour (#26a69a) as the canvas holds it. */
    private static final String CANDLE_PIXELS = """
            (() => { let n = 0; for (const c of document.querySelectorAll('#price-pane canvas')) {
              const ctx = c.getContext('2d'); if (!ctx || !c.width) continue;
              const d = ctx.getImageData(0, 0, c.width, c.height).data;
              for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - 38) < 8 && Math.abs(d[i+1] - 166) < 8
                  && Math.abs(d[i+2] - 154) < 8) n++; } return n; })()""";

    @TestHTTPResource("/")
    URI page;

    private static Path shots() {
        return Path.of(System.getProperty("console.screenshots",
                Path.of(System.getProperty("user.dir")).resolve("../../docs/images").normalize().toString()));
    }

    @Test
    void chartFeedsAndALiveSignal() throws Exception {
        try (Chromium browser = new Chromium(1280, 900)) {
            browser.navigate(page + "?symbol=ACME&interval=1m&mode=raw&indicators=sma_20,bb,rsi_14,macd");
            assertThat(browser.await("window.marketfnConsole && window.marketfnConsole.ready", Duration.ofSeconds(20)))
                    .as("page ready; status: %s", browser.eval("document.getElementById('live-status').textContent"))
                    .isTrue();
            assertThat(browser.eval("window.marketfnConsole.candles").asInt()).isEqualTo(Fixture.BARS);
            assertThat(browser.eval("window.marketfnConsole.overlays.sma_20.points").asInt())
                    .isEqualTo(Fixture.BARS - 19);
            assertThat(browser.eval("window.marketfnConsole.overlays.rsi_14.points").asInt())
                    .isEqualTo(Fixture.BARS - 14);
            // the BUY, the SELL and the dividend on the bars' day (the split's ex-date has no bar yet)
            assertThat(browser.eval("window.marketfnConsole.markers").asInt()).isEqualTo(3);
            assertThat(browser.await(CANDLE_PIXELS + " > 200", Duration.ofSeconds(5))).isTrue();
            assertThat(browser.eval("document.querySelectorAll('#lower-panes canvas').length").asInt()).isPositive();
            assertThat(browser.await("document.getElementById('live-status').textContent === 'live'",
                    Duration.ofSeconds(10))).isTrue();
            browser.screenshot(shots().resolve("console-chart.png"));

            // a signal posted after load: in the feed and on the chart within 2 s
            Map<String, String> headers = new HashMap<>();
            byte[] body = CloudEventCodec.toHttp(TestEvents.signal("browser-live-1", "ACME", Fixture.ts(55), "BUY",
                    0.88, "live_rule"), headers::put);
            java.net.http.HttpRequest.Builder post = java.net.http.HttpRequest.newBuilder(page)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(post::header);
            try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
                http.send(java.net.http.HttpRequest.newBuilder(page).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()); // connection warm, not timed
                long posted = System.nanoTime();
                assertThat(http.send(post.build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode())
                        .isEqualTo(202);
                assertThat(browser.await("document.querySelector('#signals-table tr[data-signal-id=\"browser-live-1\"]')"
                        + " && window.marketfnConsole.markers === 4", Duration.ofSeconds(2))).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - posted)).isLessThan(Duration.ofSeconds(2));
            }

            // HTML in a field is text: the fixture's <img onerror> never became an element nor ran
            browser.eval("document.querySelector('#tabs button[data-view=signals]').click()");
            assertThat(browser.eval("document.getElementById('signals-table').textContent.includes('<img src=x')")
                    .asBoolean()).isTrue();
            assertThat(browser.eval("document.querySelectorAll('img, b').length").asInt()).isZero();
            assertThat(browser.eval("window.pwned === undefined").asBoolean()).isTrue();
            browser.screenshot(shots().resolve("console-signals.png"));
            browser.eval("document.querySelector('#tabs button[data-view=alerts]').click()");
            assertThat(browser.eval("document.querySelectorAll('#alerts-table tbody tr').length").asInt()).isEqualTo(2);
            browser.screenshot(shots().resolve("console-alerts.png"));
            browser.eval("document.querySelector('#tabs button[data-view=rejected]').click()");
            assertThat(browser.eval("document.getElementById('rejected-table').textContent.includes('MISSING_FIELD')")
                    .asBoolean()).isTrue();
            browser.screenshot(shots().resolve("console-rejected.png"));
            browser.eval("document.querySelector('#tabs button[data-view=pipeline]').click()");
            browser.screenshot(shots().resolve("console-pipeline.png"));
        }
    }
}
