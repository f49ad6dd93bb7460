package dev.marketfn.launcher;

import dev.marketfn.archive.ArchiveReader;
import dev.marketfn.archive.ArchivedEvent;
import dev.marketfn.archive.JobRuns;
import dev.marketfn.archive.ObjectStore;
import dev.marketfn.archive.ObjectStores;
import dev.marketfn.archive.RawEvent;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code marketfn replay --archive URI}: the archived raw events of a provider in event-time order, sent again as the
 * events they were (same id, type, source, subject), so normalize stores each once (raw_events is append-only on the
 * id) and every later step is idempotent: a second replay changes no row. A job_runs row (kind replay) records it.
 */
final class ArchiveReplay {
    private ArchiveReplay() {
    }

    static int run(Main.Base cmd, String archive, String provider, List<String> symbols, TimeWindow window,
            Destination dest, double rate, DatabaseOptions db) throws Exception {
        dest.kind();
        // the run's job_runs row
        db.url(cmd.env, "replay --archive");
        try (ScratchDir temp = new ScratchDir("marketfn-replay-");
                Connection c = db.connect(cmd.env, "replay --archive");
                ObjectStore store = ObjectStores.open(archive, cmd.env)) {
            JobRuns jobs = new JobRuns(c);
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("archive", store.describe());
            args.put("provider", provider);
            args.put("symbols", symbols);
            args.put("from", window.from() == null ? null : window.from().toString());
            args.put("until", window.until() == null ? null : window.until().toString());
            UUID job = jobs.start("replay", CloudEvent.JSON.writeValueAsString(args));
            long read = 0;
            try {
                ArchiveReader.Result r = read(store, temp, provider, symbols, window, cmd.err);
                read = r.events().size();
                cmd.out.printf("%d archived event%s of %s in %d object%s of %s%n", read, read == 1 ? "" : "s", provider,
                        r.objects(), r.objects() == 1 ? "" : "s", store.describe());
                if (r.events().isEmpty()) {
                    throw new LauncherException("nothing to replay: no archived event of " + provider + " in the window");
                }
                List<CloudEvent> events = new ArrayList<>(r.events().size());
                for (ArchivedEvent e : r.events()) {
                    events.add(event(e.raw()));
                }
                int code;
                long accepted;
                try (Sender s = dest.open(cmd.env)) {
                    code = cmd.sendAll(s, events, rate, "replay", CloudEvent::id);
                    accepted = s.sent() - s.failed();
                }
                jobs.finish(job, code == Main.EXIT_OK, read, accepted,
                        code == Main.EXIT_OK ? null : (read - accepted) + " events refused");
                return code == Main.EXIT_OK && !r.skipped().isEmpty() ? Main.EXIT_PARTIAL : code;
            } catch (Exception e) {
                jobs.finish(job, false, read, 0, e.getMessage());
                throw e;
            }
        }
    }

    /** The provider's archived events in the window, in replay order; each file skipped is named on {@code err}. */
    static ArchiveReader.Result read(ObjectStore store, ScratchDir temp, String provider, List<String> symbols,
            TimeWindow window, java.io.PrintStream err) {
        ArchiveReader.Result r = new ArchiveReader(store, temp.path).read(provider, new LinkedHashSet<>(symbols),
                window.from(), window.until());
        r.skipped().forEach(s -> err.println("marketfn: skipped " + s.key() + ": " + s.reason()));
        return r;
    }

    /** The raw event as it was: the stored attributes; provider, symbol and partitionkey as the connectors set them. */
    static CloudEvent event(RawEvent r) {
        Map<String, String> ext = new LinkedHashMap<>();
        ext.put("provider", r.provider());
        if (r.subject() != null) {
            ext.put("symbol", r.subject());
            ext.put("partitionkey", r.subject());
        }
        return new CloudEvent(r.eventId(), r.ceType(), r.ceSource(), r.subject(), ext, r.payload());
    }
}
