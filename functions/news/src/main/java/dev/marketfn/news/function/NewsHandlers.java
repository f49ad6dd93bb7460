package dev.marketfn.news.function;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketfn.codec.InEvent;
import dev.marketfn.codec.OutEvent;
import dev.marketfn.contracts.Batch;
import dev.marketfn.contracts.EventIds;
import dev.marketfn.contracts.EventTypes;
import dev.marketfn.contracts.Json;
import dev.marketfn.news.NewsAlert;
import dev.marketfn.news.NewsParsers;
import dev.marketfn.news.NewsRecord;
import dev.marketfn.news.Sentiment;
import dev.marketfn.news.SymbolResolver;
import dev.marketfn.news.SymbolScores;
import dev.marketfn.runtime.EventHandler;
import dev.marketfn.runtime.FunctionHandlers;
import dev.marketfn.runtime.Reply;
import dev.marketfn.store.InstrumentRepository;
import dev.marketfn.store.NewsRepository;
import dev.marketfn.store.RawEventRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * news.raw → news.enriched (+ news.alert): keeps the provider payload verbatim in raw_events, parses it into
 * canonical news records, resolves their symbols through the instrument table, scores each symbol, stores
 * {@code news}/{@code news_sentiment} (a story once across providers) and raises NEWS_SIGNIFICANT for strong scores.
 */
@ApplicationScoped
public class NewsHandlers implements FunctionHandlers {
    public static final String NAME = "news";

    private final NewsParsers parsers = NewsParsers.standard();
    private final Sentiment model = Sentiment.standard();
    @Inject
    RawEventRepository rawEvents;
    @Inject
    InstrumentRepository instruments;
    @Inject
    NewsRepository news;
    @ConfigProperty(name = "marketfn.news.alert-threshold", defaultValue = "0.6")
    double alertThreshold;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, EventHandler> handlers() {
        return Map.of(EventTypes.NEWS_RAW, this::handle);
    }

    Uni<Reply> handle(InEvent event) {
        String provider = event.extension("provider");
        parsers.parser(provider); // an unknown feed is rejected before anything is stored
        RawEventRepository.RawEvent raw = new RawEventRepository.RawEvent(event.id(), provider, event.type(),
                event.source(), event.subject(), event.dataContentType(), event.data());
        return rawEvents.appendAll(List.of(raw))
                .map(firstSeen -> parsers.parse(provider, event.json(), event.id(), firstSeen.get(0)))
                .chain(stories -> stories.isEmpty() ? Uni.createFrom().item(Reply.none()) : enrich(event, stories));
    }

    private Uni<Reply> enrich(InEvent event, List<NewsRecord> parsed) {
        return instruments.lookup(SymbolResolver.candidates(parsed)).chain(known -> {
            List<NewsRecord> stories = new ArrayList<>(parsed.size());
            List<List<SymbolScores.Score>> scores = new ArrayList<>(parsed.size());
            List<NewsRepository.Story> storyRows = new ArrayList<>();
            List<NewsRepository.Score> scoreRows = new ArrayList<>();
            for (NewsRecord p : parsed) {
                NewsRecord r = p.withSymbols(SymbolResolver.resolve(p.symbols(), known.keySet()));
                List<SymbolScores.Score> s = SymbolScores.of(r, model);
                stories.add(r);
                scores.add(s);
                storyRows.add(row(r));
                s.forEach(x -> scoreRows.add(new NewsRepository.Score(r.newsId(), x.symbol(), Sentiment.MODEL,
                        Sentiment.VERSION, x.score(), r.publishedTs(), event.id())));
            }
            return news.store(storyRows, scoreRows, event.id()).map(owned -> reply(event, stories, scores, owned));
        });
    }

    private Reply reply(InEvent event, List<NewsRecord> stories, List<List<SymbolScores.Score>> scores, Set<String> owned) {
        List<ObjectNode> records = new ArrayList<>();
        List<NewsAlert> alerts = new ArrayList<>();
        Set<String> symbols = new LinkedHashSet<>();
        for (int i = 0; i < stories.size(); i++) {
            NewsRecord r = stories.get(i);
            symbols.addAll(r.symbols());
            ObjectNode node = (ObjectNode) Json.toTree(r);
            ArrayNode sentiment = node.putArray("sentiment");
            for (SymbolScores.Score s : scores.get(i)) {
                sentiment.addObject().put("symbol", s.symbol()).put("score", s.score())
                        .put("model", Sentiment.MODEL).put("model_version", Sentiment.VERSION);
            }
            records.add(node);
            // only the scores this raw event stored: a second provider's copy of a story raises no second alert
            List<SymbolScores.Score> mine = scores.get(i).stream()
                    .filter(s -> owned.contains(r.newsId() + "|" + s.symbol())).toList();
            alerts.addAll(NewsAlert.of(r, mine, alertThreshold));
        }
        OutEvent enriched = builder(event, EventTypes.NEWS_ENRICHED, EventIds.derive(event.id(), NAME),
                List.copyOf(symbols)).data(Batch.of(records));
        if (alerts.isEmpty()) {
            return Reply.of(enriched);
        }
        OutEvent alert = builder(event, EventTypes.NEWS_ALERT, EventIds.derive(event.id(), NAME + ":alerts"),
                alerts.stream().map(NewsAlert::symbol).toList()).data(Batch.of(alerts));
        return new Reply(enriched, List.of(alert));
    }

    private static OutEvent.Builder builder(InEvent event, String type, String id, List<String> symbols) {
        OutEvent.Builder b = OutEvent.builder(NAME, type, id).extension("provider", event.extension("provider"))
                .tracedFrom(event);
        return symbols.isEmpty() ? b : b.symbols(symbols);
    }

    private static NewsRepository.Story row(NewsRecord r) {
        return new NewsRepository.Story(r.newsId(), r.contentHash(), r.provider(), r.providerNewsId(), r.headline(),
                r.summary(), r.body(), r.url(), r.source(), r.author(), r.publishedTs(), r.updatedTs(), r.symbols(),
                new String(Json.bytes(r.insights()), StandardCharsets.UTF_8), r.rawEventId());
    }
}
