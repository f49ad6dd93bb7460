package dev.marketfn.deploycheck;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The event graph the manifests must implement: which Knative Service consumes which CloudEvent types and what it
 * emits. The fixture below is the table of the deployment brief; where a function's
 * application.properties exists, its Funqy mappings are read too and must agree with the Triggers.
 */
final class EventContract {
    static final String PING = "dev.knative.sources.ping";
    static final String REJECTED = "dev.marketfn.rejected.v1";
    /** Types nobody in the platform consumes; they exist for subscribers (signal sinks, alerting). */
    static final Set<String> TERMINAL = Set.of("dev.marketfn.quality.alert.v1", "dev.marketfn.alpha.call.v1",
            "dev.marketfn.news.enriched.v1", "dev.marketfn.news.alert.v1");
    /** Types that enter from outside (provider feeds, corporate-action announcements, PingSources). */
    static final Set<String> EXTERNAL = Set.of("dev.marketfn.raw.v1", "dev.marketfn.corporate-action.announced.v1", PING,
            "dev.marketfn.news.raw.v1");

    /** A consumed type; for pings also the PingSource whose events it takes. */
    record Input(String type, String pingSource) {
        static Input of(String type) {
            return new Input(type, null);
        }

        @Override
        public String toString() {
            return pingSource == null ? type : type + " from PingSource " + pingSource;
        }
    }

    /**
     * @param functionApp true for the five Funqy apps (they have an application.properties with mappings)
     * @param replies     types answered on the HTTP reply (back to the broker)
     * @param sideEvents  types sent to K_SINK besides the reply
     * @param sinkBinding whether K_SINK is bound to the broker (required when there are side events)
     */
    record Node(String service, boolean functionApp, Set<Input> consumes, Set<String> replies, Set<String> sideEvents,
            boolean sinkBinding) {
        Node {
            if (!sideEvents.isEmpty() && !sinkBinding) {
                throw new IllegalArgumentException(service + " emits side events but has no SinkBinding");
            }
        }
    }

    static final Map<String, Node> FIXTURE = fixture();

    private static Map<String, Node> fixture() {
        Map<String, Node> m = new LinkedHashMap<>();
        // Any function may reply dev.marketfn.rejected.v1 for input it cannot use.
        m.put("normalize", new Node("normalize", true, Set.of(Input.of("dev.marketfn.raw.v1")),
                Set.of("dev.marketfn.tick.normalized.v1", REJECTED), Set.of(), false));
        m.put("quality-check", new Node("quality-check", true,
                Set.of(Input.of("dev.marketfn.tick.normalized.v1"), new Input(PING, "stale-sweep")),
                Set.of("dev.marketfn.tick.checked.v1", REJECTED), Set.of("dev.marketfn.quality.alert.v1"), true));
        m.put("corporate-action", new Node("corporate-action", true,
                Set.of(Input.of("dev.marketfn.tick.checked.v1"), Input.of("dev.marketfn.corporate-action.announced.v1")),
                Set.of("dev.marketfn.tick.adjusted.v1", "dev.marketfn.corporate-action.applied.v1", REJECTED),
                // No side events in the contract today, but K_SINK is bound (brief) so the function can publish
                // more than one event per input (e.g. several applied factors) without a redeploy.
                Set.of(), true));
        m.put("indicator", new Node("indicator", true,
                Set.of(Input.of("dev.marketfn.tick.adjusted.v1"), Input.of("dev.marketfn.corporate-action.applied.v1"),
                        new Input(PING, "idle-flush")),
                // one event per symbol (at most 500 bars each): all but the first go out through K_SINK
                Set.of("dev.marketfn.indicator.computed.v1", REJECTED), Set.of("dev.marketfn.indicator.computed.v1"),
                true));
        // one event per symbol and action: all but the first go out through K_SINK
        m.put("alpha-call", new Node("alpha-call", true, Set.of(Input.of("dev.marketfn.indicator.computed.v1")),
                Set.of("dev.marketfn.alpha.call.v1", REJECTED), Set.of("dev.marketfn.alpha.call.v1"), true));
        // news alerts (NEWS_SIGNIFICANT) go out through K_SINK (docs/news.md)
        m.put("news", new Node("news", true, Set.of(Input.of("dev.marketfn.news.raw.v1")),
                Set.of("dev.marketfn.news.enriched.v1", "dev.marketfn.news.alert.v1", REJECTED),
                Set.of("dev.marketfn.news.alert.v1"), true));
        // The audit consumer of rejected events (a Deployment; it also drains the dead-letter topic); emits nothing.
        m.put("dead-letter", new Node("dead-letter", false, Set.of(Input.of(REJECTED)), Set.of(), Set.of(), false));
        return m;
    }

    /** Funqy mappings of one app: method -> trigger type, method -> response type. */
    record FunqyMappings(Path file, Map<String, String> triggers, Map<String, String> responseTypes) {
        /** Consumed types, without the catch-all "*" (the reject mapping for unknown types). */
        Set<String> consumedTypes() {
            Set<String> s = new java.util.TreeSet<>(triggers.values());
            s.remove("*");
            return s;
        }
    }

    private static final Pattern KEY = Pattern.compile("quarkus\\.funqy\\.knative-events\\.mapping\\.([^.]+)\\.(trigger|response-type)");

    static FunqyMappings parse(Path propertiesFile) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(propertiesFile)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> triggers = new TreeMap<>();
        Map<String, String> responses = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            // Profile-specific keys (%dev./%test.) do not describe the deployed graph.
            Matcher m = KEY.matcher(k);
            if (!m.matches()) {
                continue;
            }
            (m.group(2).equals("trigger") ? triggers : responses).put(m.group(1), p.getProperty(k).trim());
        }
        return new FunqyMappings(propertiesFile, triggers, responses);
    }

    /** The properties file of a function app, if the app exists yet. */
    static java.util.Optional<FunqyMappings> mappingsOf(Path repo, String service) {
        Path f = repo.resolve("functions").resolve(service).resolve("src/main/resources/application.properties");
        return Files.isRegularFile(f) ? java.util.Optional.of(parse(f)) : java.util.Optional.empty();
    }

    static List<String> functionApps() {
        return FIXTURE.values().stream().filter(Node::functionApp).map(Node::service).toList();
    }
}
