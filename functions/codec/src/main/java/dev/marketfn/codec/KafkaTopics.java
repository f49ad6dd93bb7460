package dev.marketfn.codec;

import dev.marketfn.contracts.EventTypes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local stack's Kafka topology: a topic per subscriber, as a Knative Trigger is per subscriber. Each function reads
 * one topic, {@code <prefix>.<function>}, which carries exactly the types it handles, so no function fetches and
 * skips another's events; signal sinks read {@code <prefix>.signals}, alerting {@code <prefix>.alerts}, audit
 * {@code <prefix>.rejected}. Every topic has {@link #PARTITIONS} partitions and records are keyed by symbol.
 * <p>
 * Not a topic per event type: a function that takes two types relies on their order within a partition (an
 * announcement before the ticks sent after it, applied factors before the ticks adjusted by them), and two topics
 * would lose it. A PingSource tick is written to both of its subscribers' topics (docs/contract/events.md §Content
 * modes).
 */
public final class KafkaTopics {
    public static final String DEFAULT_PREFIX = "marketfn";
    /** Every topic has as many partitions, so that a symbol's events share a partition number on all of them. */
    public static final int PARTITIONS = 4;

    /** Each type's subscribers on the local stack: the topic names after the prefix. */
    private static final Map<String, List<String>> SUBSCRIBERS = Map.ofEntries(
            Map.entry(EventTypes.RAW, List.of("normalize")),
            Map.entry(EventTypes.TICK_NORMALIZED, List.of("quality-check")),
            Map.entry(EventTypes.TICK_CHECKED, List.of("corporate-action")),
            Map.entry(EventTypes.CORPORATE_ACTION_ANNOUNCED, List.of("corporate-action")),
            Map.entry(EventTypes.TICK_ADJUSTED, List.of("indicator")),
            Map.entry(EventTypes.CORPORATE_ACTION_APPLIED, List.of("indicator")),
            Map.entry(EventTypes.INDICATOR_COMPUTED, List.of("alpha-call")),
            Map.entry(EventTypes.PING, List.of("quality-check", "indicator")),
            Map.entry(EventTypes.ALPHA_CALL, List.of("signals")),
            Map.entry(EventTypes.QUALITY_ALERT, List.of("alerts")),
            Map.entry(EventTypes.REJECTED, List.of("rejected")),
            Map.entry(EventTypes.NEWS_RAW, List.of("news")),
            Map.entry(EventTypes.NEWS_ENRICHED, List.of("news-enriched")),
            Map.entry(EventTypes.NEWS_ALERT, List.of("news-alerts")));

    private KafkaTopics() {
    }

    /** The topics an event of {@code type} is written to; a type no one subscribes to goes to the audit topic. */
    public static List<String> of(String prefix, String type) {
        return SUBSCRIBERS.getOrDefault(type, List.of("rejected")).stream().map(name -> prefix + "." + name).toList();
    }

    /** The one topic a subscriber ({@code normalize}, …, {@code signals}) reads. */
    public static String subscriber(String prefix, String name) {
        return prefix + "." + name;
    }

    /** Every topic of the topology. */
    public static List<String> all(String prefix) {
        Set<String> topics = new LinkedHashSet<>();
        EventTypes.ALL.forEach(type -> topics.addAll(of(prefix, type)));
        return List.copyOf(topics);
    }
}
