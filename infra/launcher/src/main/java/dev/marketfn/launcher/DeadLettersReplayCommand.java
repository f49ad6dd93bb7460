package dev.marketfn.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code marketfn dead-letters replay} (docs/dead-letter.md). */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send dead letters again, as the events they were: the original id, type, source, subject "
                + "and extensions (knativeerror* left out), the stored data as the body, binary mode. Rows of "
                + "function dead-letter, reason DEAD_LETTER; a row that was no CloudEvent is listed and skipped.",
                "Every function is idempotent (deterministic ids, upserts), so a subscriber that already took an "
                + "event takes it again harmlessly. Fix the cause first. Rows are kept unless --delete."},
        footer = {"%nExamples:",
                "  kubectl -n knative-eventing port-forward svc/kafka-broker-ingress 8080:80 &",
                "  marketfn dead-letters replay --all --pg-url postgresql://localhost:5432/marketfn \\",
                "      --to http http://localhost:8080/marketfn/marketfn",
                "  marketfn dead-letters replay --id 3f2c… --to kafka localhost:9092 --delete"})
final class DeadLettersReplayCommand extends Main.Base {
    @Option(names = "--id", paramLabel = "ID", description = "a rejection_id to replay (repeatable)")
    List<String> ids = new ArrayList<>();
    @Option(names = "--all", description = "every dead letter, oldest first")
    boolean all;
    @Mixin
    DatabaseOptions db;
    @Option(names = "--delete", description = "delete each row whose event was accepted")
    boolean delete;
    @Mixin
    Destination dest;

    @Override
    public Integer call() throws Exception {
        if (all == !ids.isEmpty()) {
            throw usage("name the dead letters: --id ID (repeatable) or --all");
        }
        dest.kind();
        try (var c = db.connect(env, "dead-letters replay")) {
            List<DeadLetters.Row> rows = DeadLetters.read(c, ids);
            List<CloudEvent> events = new ArrayList<>();
            Map<CloudEvent, String> rowOf = new java.util.IdentityHashMap<>();
            for (DeadLetters.Row r : rows) {
                if (r.event() == null) {
                    err.println(r.rejectionId() + ": skipped, " + r.unreplayable());
                } else {
                    events.add(r.event());
                    rowOf.put(r.event(), r.rejectionId());
                }
            }
            int missing = ids.isEmpty() ? 0 : ids.size() - rows.size();
            if (missing > 0) {
                err.println(missing + " of the --id values name no dead letter");
            }
            out.printf("%d dead letter%s to replay, %d skipped%n", events.size(), events.size() == 1 ? "" : "s",
                    rows.size() - events.size());
            if (events.isEmpty()) {
                throw new LauncherException("no dead letter to replay");
            }
            int code;
            List<String> accepted = new ArrayList<>();
            try (Sender s = dest.open(env)) {
                code = sendAll(s, events, 0, "dead letters", rowOf::get);
                var refused = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<CloudEvent, Boolean>());
                s.failures().forEach(f -> refused.add(f.event()));
                events.stream().filter(e -> !refused.contains(e)).forEach(e -> accepted.add(rowOf.get(e)));
            }
            if (delete) {
                out.printf("deleted %d replayed row%s%n", DeadLetters.delete(c, accepted), accepted.size() == 1 ? "" : "s");
            }
            return code == Main.EXIT_OK && (rows.size() > events.size() || missing > 0) ? Main.EXIT_PARTIAL : code;
        }
    }
}
