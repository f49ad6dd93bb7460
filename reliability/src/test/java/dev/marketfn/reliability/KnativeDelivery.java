package dev.marketfn.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.function.Function;

/**
 * A Knative {@code delivery} spec as the Kafka broker's dispatcher applies it: {@code retry} further attempts after
 * the first, a backoff before retry n (counted from 1, as Vert.x's circuit breaker counts them for the dispatcher's
 * retry policy) of {@code backoffDelay * n} (linear) or {@code backoffDelay * 2^n} (exponential), {@code timeout} per
 * attempt, then the dead-letter sink.
 */
record KnativeDelivery(int retry, boolean exponential, Duration backoffDelay, Duration timeout,
        DeadLetterSink deadLetterSink) {

    /** Where an event goes when its retries are exhausted: a Knative Service (POSTed) or a KafkaSink (produced). */
    record DeadLetterSink(String kind, String name, String topic) {
        boolean isKafkaSink() {
            return kind.equals("KafkaSink");
        }

        @Override
        public String toString() {
            return kind + "/" + name + (topic == null ? "" : " (topic " + topic + ")");
        }
    }

    /** The Knative default per-attempt timeout when none is set (the dispatcher's circuit breaker default). */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * @param spec      the {@code delivery} node (missing: everything from {@code inherited})
     * @param inherited the Broker's delivery for a Trigger (field by field), null for the Broker itself
     * @param kafkaSink a KafkaSink of the rendered overlay by name (for its {@code spec.topic})
     */
    static KnativeDelivery of(JsonNode spec, KnativeDelivery inherited, Function<String, JsonNode> kafkaSink) {
        int retry = spec.has("retry") ? spec.get("retry").asInt() : inherited == null ? 0 : inherited.retry;
        boolean exponential = spec.has("backoffPolicy") ? spec.get("backoffPolicy").asText().equals("exponential")
                : inherited == null || inherited.exponential;
        Duration delay = spec.has("backoffDelay") ? Duration.parse(spec.get("backoffDelay").asText())
                : inherited == null ? Duration.ZERO : inherited.backoffDelay;
        Duration timeout = spec.has("timeout") ? Duration.parse(spec.get("timeout").asText())
                : inherited == null ? DEFAULT_TIMEOUT : inherited.timeout;
        DeadLetterSink dls = inherited == null ? null : inherited.deadLetterSink;
        JsonNode ref = spec.path("deadLetterSink").path("ref");
        if (!ref.isMissingNode()) {
            String kind = ref.path("kind").asText();
            String name = ref.path("name").asText();
            String topic = null;
            if (kind.equals("KafkaSink")) {
                topic = kafkaSink.apply(name).path("spec").path("topic").asText();
            } else if (!kind.equals("Service")) {
                throw new IllegalStateException("deadLetterSink of kind " + kind + " is not simulated: " + ref);
            }
            dls = new DeadLetterSink(kind, name, topic);
        } else if (spec.path("deadLetterSink").has("uri")) {
            throw new IllegalStateException("deadLetterSink by uri is not simulated: " + spec.path("deadLetterSink"));
        }
        return new KnativeDelivery(retry, exponential, delay, timeout, dls);
    }

    /** The wait before retry {@code n} (1 = the first retry). */
    Duration backoff(int n) {
        return exponential ? backoffDelay.multipliedBy(1L << n) : backoffDelay.multipliedBy(n);
    }

    /** Backoff summed over every retry: how long a failing event is held before it is dead-lettered. */
    Duration retryWindow() {
        Duration sum = Duration.ZERO;
        for (int n = 1; n <= retry; n++) {
            sum = sum.plus(backoff(n));
        }
        return sum;
    }

    @Override
    public String toString() {
        return String.format("retry %d, %s backoff %s (window %s s), timeout %s, deadLetterSink %s", retry,
                exponential ? "exponential" : "linear", backoffDelay, retryWindow().toMillis() / 1000.0, timeout,
                deadLetterSink);
    }
}
