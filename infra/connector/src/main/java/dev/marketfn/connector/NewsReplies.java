package dev.marketfn.connector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.contracts.EventTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** What the news feeds share: one budgeted GET read as JSON, and new stories packed into raw events. */
final class NewsReplies {
    /** At most this many stories or bytes per event, well inside the news function's 1,000 stories and 1 MiB. */
    static final int MAX_STORIES = 500;
    static final int MAX_BYTES = 512 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A reply's JSON, or null when its body is not JSON (then already forwarded alone, for the news function to reject). */
    record Body(JsonNode json) {
    }

    /** The reply shape a feed's events take: {@code {"news": [...]}}, {@code {"results": [...]}} or a bare array. */
    record Envelope(String open, String close) {
        static final Envelope ARRAY = new Envelope("[", "]");

        static Envelope field(String name) {
            return new Envelope("{\"" + name + "\":[", "]}");
        }
    }

    private NewsReplies() {
    }

    static Body get(RestClient client, RequestBudget budget, URI uri, Map<String, String> headers, NewsFeed feed,
            Consumer<OutEvent> emit) throws IOException, InterruptedException, NewsFeed.Failed, RequestBudget.Exhausted {
        budget.acquire();
        RestClient.Reply r = client.get(uri, headers);
        if (r.status() / 100 != 2) {
            throw new NewsFeed.Failed(feed.name() + ": HTTP " + r.status() + " from " + RestClient.redact(uri));
        }
        try {
            return new Body(JSON.readTree(r.body()));
        } catch (IOException e) {
            // as a connector forwards a malformed frame: rejected downstream with its bytes kept, not silently lost
            emit.accept(RawEvents.verbatim(EventTypes.NEWS_RAW, feed.provider(), feed.name(), r.body()));
            return new Body(null);
        }
    }

    /** The provider's id as text; a story without one is known by its whole JSON. */
    static String id(JsonNode story, String field) {
        JsonNode id = story.get(field);
        return id != null && id.isValueNode() && !id.asText().isEmpty() ? id.asText() : story.toString();
    }

    /** An RFC 3339 time, or null: the story is then sent once and its time judged by the news function. */
    static Instant rfc3339(JsonNode story, String field) {
        JsonNode t = story.get(field);
        if (t == null || !t.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(t.asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static List<NewsCursor.Story> stories(JsonNode array, String idField, java.util.function.Function<JsonNode, Instant> time) {
        List<NewsCursor.Story> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode s : array) {
                out.add(new NewsCursor.Story(id(s, idField), s.isObject() ? time.apply(s) : null, s));
            }
        }
        return out;
    }

    /** The stories as events of the envelope's shape, split to stay within the limits; returns the stories emitted. */
    static int emit(NewsFeed feed, Envelope envelope, List<NewsCursor.Story> stories, Consumer<OutEvent> emit) {
        byte[] open = envelope.open().getBytes(StandardCharsets.UTF_8);
        byte[] close = envelope.close().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int inEvent = 0;
        for (NewsCursor.Story s : stories) {
            byte[] b = bytes(s.node());
            if (inEvent > 0 && (inEvent == MAX_STORIES || data.size() + b.length + close.length + 1 > MAX_BYTES)) {
                data.writeBytes(close);
                emit.accept(RawEvents.verbatim(EventTypes.NEWS_RAW, feed.provider(), feed.name(), data.toByteArray()));
                data.reset();
                inEvent = 0;
            }
            data.writeBytes(inEvent == 0 ? open : new byte[] {','});
            data.writeBytes(b);
            inEvent++;
        }
        if (inEvent > 0) {
            data.writeBytes(close);
            emit.accept(RawEvents.verbatim(EventTypes.NEWS_RAW, feed.provider(), feed.name(), data.toByteArray()));
        }
        return stories.size();
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree always serializes", e);
        }
    }

    static String text(JsonNode n) {
        return n == null || !n.isTextual() || n.asText().isEmpty() ? null : n.asText();
    }
}
