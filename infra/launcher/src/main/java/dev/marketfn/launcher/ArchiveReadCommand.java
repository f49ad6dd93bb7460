package dev.marketfn.launcher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketfn.archive.ArchiveReader;
import dev.marketfn.archive.ArchivedEvent;
import dev.marketfn.archive.ObjectStore;
import dev.marketfn.archive.ObjectStores;
import dev.marketfn.archive.RawEvent;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code marketfn archive-read}: the archived raw events of a provider as JSON lines on stdout, read with
 * {@link ArchiveReader} (the reader replay uses), so clients without a Parquet reader (the Python research client)
 * get the archive through the platform's own code. A top-level command rather than {@code archive read}: turning
 * {@code archive} into a group would change {@code marketfn archive --once …}.
 */
@Command(name = "archive-read", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a provider's archived raw events (docs/archive.md) to stdout in event-time order "
                + "(event_time, then event_id), one JSON object per line: event_id, provider, type, source, subject, "
                + "content_type, date, symbol (the partition values), symbols (every symbol of its records), "
                + "event_time, received_at (ISO-8601 UTC), payload and payload_encoding (utf-8: the message as "
                + "text; base64: its bytes, when they are not UTF-8).",
                "Corrupt or foreign files are skipped and named on stderr (exit code 3; 1 when nothing could be "
                        + "read). No database is needed."},
        footer = {"%nExamples:",
                "  marketfn archive-read --archive ./archive --provider alpaca --symbols AAPL --from 2026-01-05 --until 2026-01-06",
                "  marketfn archive-read --archive 's3://marketfn-raw/v1?endpoint=http://localhost:9000' --provider polygon > day.jsonl"})
final class ArchiveReadCommand extends Main.Base {
    @Option(names = "--archive", required = true, paramLabel = "URI",
            description = "a directory, file:///dir or s3://bucket/prefix[?endpoint=URL&region=R] (as for archive)")
    String archive;
    @Option(names = "--provider", required = true, paramLabel = "P", description = "the provider= partition to read")
    String provider;
    @Option(names = "--symbols", split = ",", paramLabel = "S,S…",
            description = "only events whose partition symbol or any record's symbol is one of these (default: all)")
    List<String> symbols = new ArrayList<>();
    @Option(names = "--from", paramLabel = "TIME",
            description = "only events with event_time >= TIME (ISO-8601; no offset = UTC; a date = its start in UTC)")
    String from;
    @Option(names = "--until", paramLabel = "TIME", description = "only events with event_time < TIME")
    String until;

    @Override
    public Integer call() throws Exception {
        TimeWindow window;
        try {
            window = new TimeWindow(TimeWindow.parse("--from", from), TimeWindow.parse("--until", until));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        String p = provider.trim().toLowerCase(Locale.ROOT);
        try (ScratchDir temp = new ScratchDir("marketfn-archive-read-");
                ObjectStore store = ObjectStores.open(archive, env)) {
            ArchiveReader.Result r;
            try {
                r = ArchiveReplay.read(store, temp, p, symbols, window, err);
            } catch (ObjectStore.UnreachableStoreException e) {
                throw new LauncherException(e.getMessage());
            }
            if (r.objects() == 0 && !r.skipped().isEmpty()) {
                throw new LauncherException("nothing read: every file of " + p + " in the window was skipped");
            }
            // out is the caller's stream (stdout, or a test's buffer): a writer over it, flushed, not closed
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            for (ArchivedEvent e : r.events()) {
                w.write(CloudEvent.JSON.writeValueAsString(line(e)));
                w.write('\n');
            }
            w.flush();
            out.flush();
            err.printf("marketfn: %d archived event%s of %s from %d object%s of %s%n", r.events().size(),
                    r.events().size() == 1 ? "" : "s", p, r.objects(), r.objects() == 1 ? "" : "s", store.describe());
            return r.skipped().isEmpty() ? Main.EXIT_OK : Main.EXIT_PARTIAL;
        }
    }

    static ObjectNode line(ArchivedEvent e) {
        RawEvent raw = e.raw();
        ObjectNode n = CloudEvent.JSON.createObjectNode();
        n.put("event_id", raw.eventId());
        n.put("provider", raw.provider());
        n.put("type", raw.ceType());
        n.put("source", raw.ceSource());
        n.put("subject", raw.subject());
        n.put("content_type", raw.contentType());
        n.put("date", e.partition().date().toString());
        n.put("symbol", e.symbol());
        var list = n.putArray("symbols");
        for (String s : e.symbols().split(",")) {
            if (!s.isEmpty()) {
                list.add(s);
            }
        }
        n.put("event_time", e.eventTime().toString());
        n.put("received_at", raw.receivedAt() == null ? null : raw.receivedAt().toString());
        String text = utf8(raw.payload());
        n.put("payload", text != null ? text : Base64.getEncoder().encodeToString(raw.payload()));
        n.put("payload_encoding", text != null ? "utf-8" : "base64");
        return n;
    }

    /** The payload as text when it is valid UTF-8, else null (a binary message goes out as base64). */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException binary) {
            return null;
        }
    }
}
