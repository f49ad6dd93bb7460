package dev.marketfn.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marketfn.contracts.EventTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The hub's filter summary, asked before a record is decoded: it must agree with what the clients take. */
class LiveHubTest {
    private static final List<String> SYMBOLS = Arrays.asList("A", "B", "C", null);

    private static LiveHub.Client client(Set<String> symbols, Set<String> kinds) {
        return new LiveHub.Client(symbols, kinds, m -> { });
    }

    /** wants(symbol, kind) is true exactly when some subscribed client would take such a message. */
    private static void agrees(LiveHub hub, List<LiveHub.Client> clients) {
        for (String kind : LiveHub.KINDS) {
            for (String symbol : SYMBOLS) {
                LiveMessages.Message m = new LiveMessages.Message(kind, symbol, "{}");
                assertThat(hub.wants(symbol, kind)).as("%s of %s", kind, symbol)
                        .isEqualTo(clients.stream().anyMatch(c -> c.wants(m)));
            }
        }
        assertThat(hub.wantsAny()).isEqualTo(!clients.isEmpty());
    }

    @Test
    void withoutClientsNothingIsWanted() {
        LiveHub hub = new LiveHub();
        assertThat(hub.wantsAny()).isFalse();
        assertThat(hub.wants(null, "bar")).isFalse();
        assertThat(hub.wants("A", "signal")).isFalse();
    }

    @Test
    void subscribeAndUnsubscribeKeepTheFilterUpToDate() {
        LiveHub hub = new LiveHub();
        List<LiveHub.Client> on = new ArrayList<>();
        List<Runnable> offs = new ArrayList<>();
        List<LiveHub.Client> all = List.of(client(Set.of("A", "B"), Set.of("bar")), client(Set.of(), Set.of("signal")),
                client(Set.of("C"), Set.of()), client(Set.of(), Set.of()));
        for (LiveHub.Client c : all) {
            offs.add(hub.subscribe(c));
            on.add(c);
            agrees(hub, on);
        }
        assertThat(hub.wants("A", "bar")).isTrue();
        // the all-symbols, all-kinds client leaves: the others' filters are all that is left
        offs.get(3).run();
        on.remove(3);
        agrees(hub, on);
        assertThat(hub.wants("C", "bar")).isTrue();
        assertThat(hub.wants("B", "rejected")).isFalse();
        assertThat(hub.wants(null, "rejected")).isTrue(); // a message without symbol goes to C's client
        for (int i = 0; i < 3; i++) {
            offs.get(i).run();
            on.remove(all.get(i));
            agrees(hub, on);
        }
        assertThat(hub.wantsAny()).isFalse();
    }

    @Test
    void aClientOfAllSymbolsWantsEverySymbolOfItsKindsOnly() {
        LiveHub hub = new LiveHub();
        hub.subscribe(client(Set.of(), Set.of("alert", "rejected")));
        assertThat(hub.wants("ANY", "alert")).isTrue();
        assertThat(hub.wants(null, "rejected")).isTrue();
        assertThat(hub.wants("ANY", "bar")).isFalse();
        assertThat(hub.wants(null, "signal")).isFalse();
    }

    @Test
    void aKindNoMessageHasWantsNothing() {
        LiveHub hub = new LiveHub();
        hub.subscribe(client(Set.of(), Set.of("candles")));
        assertThat(hub.wantsAny()).isFalse();
        assertThat(hub.clients()).isEqualTo(1);
    }

    @Test
    void concurrentSubscriptionsLeaveTheFilterOfWhoIsLeft() throws InterruptedException {
        LiveHub hub = new LiveHub();
        LiveHub.Client stays = client(Set.of("KEEP"), Set.of("signal"));
        hub.subscribe(stays);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String symbol = "S" + t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 200; i++) {
                    hub.subscribe(client(Set.of(symbol), Set.of("bar"))).run();
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(10_000);
        }
        agrees(hub, List.of(stays));
    }

    @Test
    void theEventsAttributesDecideOnlyWhereEveryMessageHasThem() {
        LiveHub hub = new LiveHub();
        hub.subscribe(client(Set.of("Y"), Set.of()));
        // one symbol on the event is every record's symbol: X's bars and signals are nobody's
        assertThat(LiveMessages.wanted(hub, EventTypes.INDICATOR_COMPUTED, "X")).isFalse();
        assertThat(LiveMessages.wanted(hub, EventTypes.ALPHA_CALL, "X")).isFalse();
        assertThat(LiveMessages.wanted(hub, EventTypes.ALPHA_CALL, "Y")).isTrue();
        // a carrier of several symbols names none: its records may be Y's
        assertThat(LiveMessages.wanted(hub, EventTypes.INDICATOR_COMPUTED, null)).isTrue();
        // an alert event of X may also hold alerts of no symbol, which Y's client takes
        assertThat(LiveMessages.wanted(hub, EventTypes.QUALITY_ALERT, "X")).isTrue();
        // a rejection's message has the event's symbol, or none
        assertThat(LiveMessages.wanted(hub, EventTypes.REJECTED, "X")).isFalse();
        assertThat(LiveMessages.wanted(hub, EventTypes.REJECTED, null)).isTrue();
        assertThat(LiveMessages.wanted(hub, EventTypes.TICK_CHECKED, "Y")).isFalse();
        assertThat(LiveMessages.wanted(hub, null, "Y")).isFalse();
    }
}
