package dev.marketfn.console;

import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.store.ConsoleRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The read-only history endpoints (docs/console.md): each checks its parameters ({@link Query}), reads through the
 * store's {@link ConsoleRepository} and answers a JSON array; a bad parameter is a 400 {@code problem+json} naming it.
 */
@ApplicationScoped
public class HistoryApi {
    private static final Logger LOG = Logger.getLogger(HistoryApi.class);
    private final ConsoleRepository store;

    public HistoryApi(ConsoleRepository store) {
        this.store = store;
    }

    void routes(@Observes Router router) {
        get(router, "/api/symbols", q -> store.symbols());
        get(router, "/api/bars", q -> store.bars(q.requiredName("symbol"), q.oneOf("interval", Query.INTERVALS, "1m"),
                q.name("provider"), q.oneOf("mode", Query.MODES, "split"), q.limit(1000, ConsoleRepository.MAX_ROWS)));
        get(router, "/api/indicators", q -> store.indicators(q.requiredName("symbol"),
                q.oneOf("interval", Query.INTERVALS, "1m"), q.name("provider"),
                q.limit(1000, ConsoleRepository.MAX_ROWS)));
        get(router, "/api/signals", q -> store.signals(q.name("symbol"), q.oneOf("interval", Query.INTERVALS, null),
                q.oneOf("action", Query.ACTIONS, null), q.name("provider"), q.limit(200, ConsoleRepository.MAX_ROWS)));
        get(router, "/api/alerts", q -> store.alerts(q.code("type"), q.oneOf("severity", Query.SEVERITIES, null),
                q.name("symbol"), q.limit(200, ConsoleRepository.MAX_ROWS)));
        get(router, "/api/rejected", q -> store.rejected(q.code("reason"), q.name("function"),
                q.limit(200, ConsoleRepository.MAX_ROWS)));
        get(router, "/api/actions", q -> store.actions(q.requiredName("symbol")));
    }

    private static void get(Router router, String path, Function<Query, Uni<? extends List<?>>> read) {
        router.get(path).handler(ctx -> {
            Uni<? extends List<?>> rows;
            try {
                rows = read.apply(new Query(ctx.request()::getParam));
            } catch (InvalidInputException e) {
                badRequest(ctx, e);
                return;
            }
            rows.subscribe().with(list -> json(ctx, 200, "application/json", RowsJson.write(list)), failure -> {
                if (failure instanceof InvalidInputException e) {
                    badRequest(ctx, e);
                } else {
                    LOG.warnf("%s failed: %s", path, failure.toString());
                    json(ctx, 503, "application/problem+json",
                            RowsJson.problem(503, "store unavailable", null, failure.getClass().getSimpleName()));
                }
            });
        });
    }

    private static void badRequest(RoutingContext ctx, InvalidInputException e) {
        json(ctx, 400, "application/problem+json", RowsJson.problem(400, e.reason(), e.field(), e.detail()));
    }

    static void json(RoutingContext ctx, int status, String type, String body) {
        ctx.response().setStatusCode(status).putHeader("content-type", type)
                .putHeader("cache-control", "no-store").end(body);
    }
}
