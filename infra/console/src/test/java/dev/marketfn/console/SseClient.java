package dev.marketfn.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real Server-Sent Events client over the JDK's HTTP client: reads the stream line by line on a thread of its own
 * and queues each event (its {@code event:} name and {@code data:}) as it arrives.
 */
final class SseClient implements AutoCloseable {
    record Event(String name, String data, long receivedNanos) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicBoolean open = new AtomicBoolean();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Thread reader;

    SseClient(URI uri) {
        HttpRequest req = HttpRequest.newBuilder(uri).header("accept", "text/event-stream").GET().build();
        reader = Thread.ofPlatform().daemon().name("sse-client").start(() -> {
            try {
                HttpResponse<java.util.stream.Stream<String>> resp = http.send(req,
                        HttpResponse.BodyHandlers.ofLines());
                String[] name = {null};
                StringBuilder data = new StringBuilder();
                resp.body().forEach(line -> {
                    if (line.startsWith(": open")) {
                        open.set(true);
                    } else if (line.startsWith("event: ")) {
                        name[0] = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data.append(line.substring(6));
                    } else if (line.isEmpty() && name[0] != null) {
                        events.add(new Event(name[0], data.toString(), System.nanoTime()));
                        name[0] = null;
                        data.setLength(0);
                    }
                });
            } catch (java.io.IOException | InterruptedException closed) {
                // the test is over
            }
        });
    }

    /** Waits (bounded) for the stream's first bytes. */
    boolean awaitOpen(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!open.get() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        return open.get();
    }

    /** The next event, or null after {@code timeout}. */
    Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        http.shutdownNow();
        reader.interrupt();
    }
}
