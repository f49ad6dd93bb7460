package dev.marketfn.connector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.Json;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

/**
 * Holds one provider connection for as long as it runs: connects, lets the {@link Protocol} do its handshake, feeds
 * data frames to a {@link MicroBatcher} whose batches go to the {@link EventSink} as raw events, and when the
 * connection ends — closed by the server, dropped, silent past the heartbeat timeout, refused at the handshake —
 * flushes what it received, waits out a jittered exponential backoff (at least a 429's {@code Retry-After}) and
 * connects again, the protocol resubscribing. Connection outcomes drive the provider's {@link CircuitBreaker}; while
 * it is open no connection is attempted. A frame that is not JSON is forwarded alone (normalize rejects it and keeps
 * its bytes), one over {@code maxFrameBytes} is refused, an error frame is logged and alerted; none of them ends the
 * connection.
 */
public final class Connector implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Connector.class.getName());

    public enum State { DISCONNECTED, CONNECTING, STREAMING }

    private final Protocol protocol;
    private final ConnectorConfig config;
    private final EventSink sink;
    private final Clock clock;
    private final ConnectorMetrics metrics;
    private final CircuitBreaker breaker;
    private final Backoff backoff;
    private final MicroBatcher batcher;
    private final ScheduledExecutorService timer;
    private final HttpClient http;
    private final Thread loop;
    private final FrameQueue frames;
    private volatile boolean running;
    private volatile State state = State.DISCONNECTED;
    private volatile Connection current;

    public Connector(Protocol protocol, ConnectorConfig config, EventSink sink, MeterRegistry registry, Clock clock,
            RandomGenerator random) {
        this.protocol = protocol;
        this.config = config;
        this.sink = sink;
        this.clock = clock;
        this.metrics = new ConnectorMetrics(registry, protocol.provider(), System::nanoTime);
        this.breaker = new CircuitBreaker(config.breakerFailures(), config.breakerOpenFor(), System::nanoTime,
                this::breakerMoved);
        this.backoff = new Backoff(config.backoffBase(), config.backoffMax(), random);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "connector-linger-" + protocol.provider()));
        this.batcher = new MicroBatcher(config.batch(), this::emit, timer);
        // The client's callbacks run on its own I/O thread (a direct executor): the JDK then hands each message to the
        // listener and asks for the next before it reads further, so the end of input never finds it without demand
        // (TransportImpl.acknowledgeReception throws InternalError then, losing the message it was delivering). The
        // listener only queues frames for the frame thread, so the I/O thread is never held up.
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).executor(Runnable::run).build();
        this.loop = daemon(this::run, "connector-" + protocol.provider());
        this.frames = new FrameQueue(10_000, "connector-frames-" + protocol.provider());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public Connector start() {
        running = true;
        loop.start();
        LOG.log(System.Logger.Level.INFO, protocol.provider() + " connector: " + protocol.endpoint() + " -> " + sink.describe());
        return this;
    }

    public State state() {
        return state;
    }

    public CircuitBreaker.State breakerState() {
        return breaker.state();
    }

    private void run() {
        boolean first = true;
        while (running) {
            if (!breaker.allowAttempt()) {
                Sleep.sleep(min(breaker.untilAttempt(), Duration.ofMillis(200)));
                continue;
            }
            if (!first) {
                metrics.reconnects.increment();
            }
            first = false;
            Ended ended = session();
            frames.drain(); // every frame the connection delivered is in the batcher, then out
            batcher.flush();
            state(State.DISCONNECTED);
            if (!running) {
                break;
            }
            breaker.failure(ended.reason());
            Duration wait = backoff.next();
            if (ended.retryAfter() != null && ended.retryAfter().compareTo(wait) > 0) {
                wait = ended.retryAfter();
            }
            LOG.log(System.Logger.Level.WARNING, protocol.provider() + " connection ended (" + ended.reason()
                    + "); reconnecting in " + wait.toMillis() + " ms");
            Sleep.sleep(wait);
        }
    }

    /** Why a connection ended, and a server-given wait before the next. */
    private record Ended(String reason, Duration retryAfter) {
        Ended(String reason) {
            this(reason, null);
        }
    }

    /** One connection, from connect to its end. */
    private Ended session() {
        state(State.CONNECTING);
        Connection c = new Connection();
        current = c;
        WebSocket ws;
        try {
            ws = http.newWebSocketBuilder().connectTimeout(config.connectTimeout()).buildAsync(protocol.uri(), c)
                    .get(config.connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                int status = h.getResponse().statusCode();
                Duration retryAfter = h.getResponse().headers().firstValue("retry-after").map(String::strip)
                        .filter(v -> v.matches("\\d{1,6}")).map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(null);
                return new Ended("handshake refused: HTTP " + status, retryAfter);
            }
            return new Ended("cannot connect: " + e.getCause());
        } catch (TimeoutException e) {
            return new Ended("cannot connect within " + config.connectTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Ended("stopped");
        }
        long started = System.nanoTime();
        long poll = Math.clamp(Math.min(config.heartbeatTimeout().toMillis(), config.handshakeTimeout().toMillis()) / 4, 5, 500);
        while (true) {
            try {
                return c.ended.get(poll, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                long now = System.nanoTime();
                if (!running) {
                    ws.abort();
                    return new Ended("stopped");
                }
                if (!c.ready && now - started > config.handshakeTimeout().toNanos()) {
                    ws.abort();
                    return new Ended("no subscription confirmation within " + config.handshakeTimeout());
                }
                if (now - c.lastActivity > config.heartbeatTimeout().toNanos()) {
                    ws.abort();
                    return new Ended("no frame or ping for " + config.heartbeatTimeout());
                }
            } catch (ExecutionException e) {
                return new Ended(String.valueOf(e.getCause()));
            } catch (InterruptedException e) {
                ws.abort();
                return new Ended("stopped");
            }
        }
    }

    private void emit(List<byte[]> batch) {
        var event = RawEvents.batch(protocol.eventType(), protocol.provider(), config.key(), batch);
        metrics.batchFrames.record(batch.size());
        metrics.batchBytes.record(((byte[]) event.data()).length);
        sink.send(event);
    }

    private void state(State s) {
        state = s;
        metrics.connection.set(s.ordinal());
    }

    private void breakerMoved(CircuitBreaker.State from, CircuitBreaker.State to, int failures, String reason) {
        metrics.breaker.set(to.ordinal());
        LOG.log(to == CircuitBreaker.State.OPEN ? System.Logger.Level.ERROR : System.Logger.Level.INFO,
                protocol.provider() + " circuit breaker " + from + " -> " + to + " (" + reason + ")");
        if (to == CircuitBreaker.State.OPEN) {
            sink.send(ConnectionAlerts.unavailable(protocol.provider(), clock.instant(), failures, reason));
        } else if (to == CircuitBreaker.State.CLOSED) {
            sink.send(ConnectionAlerts.recovered(protocol.provider(), clock.instant()));
        }
    }

    /** The listener and session of one connection. The JDK calls a listener's methods one at a time. */
    private final class Connection implements WebSocket.Listener, Session {
        final CompletableFuture<Ended> ended = new CompletableFuture<>();
        final StringBuilder partial = new StringBuilder();
        volatile long lastActivity = System.nanoTime();
        volatile boolean ready;
        private boolean oversized;
        private WebSocket ws;
        private CompletableFuture<WebSocket> sends;

        @Override
        public void onOpen(WebSocket webSocket) {
            ws = webSocket;
            sends = CompletableFuture.completedFuture(webSocket);
            protocol.opened(this);
            // Unbounded demand: the back pressure is the bounded frame queue, whose put blocks the I/O thread.
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public void send(String text) {
            // one send at a time, as the JDK WebSocket requires
            sends = sends.thenCompose(w -> w.sendText(text, true));
        }

        @Override
        public void ready() {
            if (!ready) {
                ready = true;
                state(State.STREAMING);
                backoff.reset();
                breaker.success();
                LOG.log(System.Logger.Level.INFO, protocol.provider() + " subscribed");
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            lastActivity = System.nanoTime();
            if (!oversized) {
                partial.append(data);
                oversized = partial.length() > config.maxFrameBytes();
            }
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                partial.trimToSize();
                if (oversized) {
                    refuseOversized();
                } else {
                    // handed to the connector's frame thread: this callback runs on the client's I/O thread
                    frames.put(() -> {
                        try {
                            frame(text.getBytes(StandardCharsets.UTF_8), text);
                        } catch (RuntimeException e) {
                            // whatever one frame does (a sink refusing a send) must not end the connection
                            metrics.sinkFailures.increment();
                            LOG.log(System.Logger.Level.ERROR, protocol.provider() + ": a frame was lost: " + e, e);
                        }
                    });
                }
                oversized = false;
            } else if (oversized) {
                partial.setLength(0);
            }
            return null;
        }

        private void refuseOversized() {
            metrics.oversized.increment();
            LOG.log(System.Logger.Level.ERROR, protocol.provider() + ": refused a frame of more than "
                    + config.maxFrameBytes() + " bytes (max-frame-bytes); the connection goes on");
        }

        private void frame(byte[] bytes, String text) {
            metrics.frames.increment();
            metrics.bytes.increment(bytes.length);
            metrics.lastFrameNanos.set(System.nanoTime());
            if (bytes.length > config.maxFrameBytes()) {
                refuseOversized();
                return;
            }
            JsonNode json;
            try {
                json = Json.tree(bytes, "");
            } catch (InvalidInputException e) {
                metrics.malformed.increment();
                LOG.log(System.Logger.Level.WARNING, protocol.provider() + ": frame is not JSON (" + e.detail()
                        + "); forwarded alone for normalize (or news) to reject");
                batcher.flush(); // keep arrival order
                sink.send(RawEvents.verbatim(protocol.eventType(), protocol.provider(), config.key(), bytes));
                return;
            }
            switch (protocol.frame(json, this)) {
                case Verdict.Data d -> {
                    byte[] messages = RawEvents.messages(text);
                    if (messages.length > 0) {
                        batcher.add(messages);
                    }
                }
                case Verdict.Control c -> { }
                case Verdict.Duplicate d -> {
                    metrics.duplicates.increment();
                    LOG.log(System.Logger.Level.DEBUG, protocol.provider() + ": dropped " + d.why());
                }
                case Verdict.ProviderError e -> {
                    metrics.providerErrors.increment();
                    LOG.log(System.Logger.Level.ERROR, protocol.provider() + " error frame: code " + e.code() + " "
                            + e.message());
                    sink.send(ConnectionAlerts.providerError(protocol.provider(), clock.instant(), e.code(), e.message()));
                    if (!ready) {
                        // refused during the handshake (bad credentials, connection limit): this connection is done
                        ended.complete(new Ended("provider error " + e.code() + ": " + e.message()));
                        ws.abort();
                    }
                }
            }
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            lastActivity = System.nanoTime();
            if (last) {
                metrics.malformed.increment();
                LOG.log(System.Logger.Level.WARNING, protocol.provider() + ": binary frame ignored (text JSON expected)");
            }
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            lastActivity = System.nanoTime(); // the JDK answers with a pong itself
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            lastActivity = System.nanoTime();
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            // after the frames before it: an error frame's reason comes first
            frames.put(() -> ended.complete(new Ended("server closed: " + statusCode + (reason.isEmpty() ? "" : " " + reason))));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            LOG.log(System.Logger.Level.DEBUG, protocol.provider() + " connection error", error);
            frames.put(() -> ended.complete(new Ended("connection lost: " + error)));
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
        try {
            loop.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        frames.drain();
        frames.close();
        batcher.flush();
        sink.flush();
        timer.shutdownNow();
        http.close();
    }
}
