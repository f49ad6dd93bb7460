package dev.marketfn.providers;

import dev.marketfn.contracts.CanonicalRecord;
import dev.marketfn.contracts.InvalidInputException;
import dev.marketfn.contracts.RejectReason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The registry the normalize function calls: provider name → adapter. Immutable and thread-safe. */
public final class Providers {
    private final Map<String, ProviderAdapter> adapters;

    private Providers(List<ProviderAdapter> list) {
        Map<String, ProviderAdapter> m = new LinkedHashMap<>();
        for (ProviderAdapter a : list) {
            if (m.put(a.provider(), a) != null) {
                throw new IllegalArgumentException("two adapters for provider " + a.provider());
            }
        }
        adapters = Map.copyOf(m);
    }

    /** Every provider of docs/contract/payloads.md. */
    public static Providers standard() {
        return of(List.of(new AlpacaAdapter(), new PolygonAdapter(), new FinnhubAdapter(), new BinanceAdapter(),
                new CoinbaseAdapter(), new AlphaVantageAdapter(), new IbkrAdapter(), new CsvAdapter(),
                new SyntheticAdapter()));
    }

    public static Providers of(List<ProviderAdapter> adapters) {
        return new Providers(adapters);
    }

    public Set<String> names() {
        return adapters.keySet();
    }

    /** The adapter for a provider name (case-insensitive); an unknown or missing name is UNKNOWN_PROVIDER. */
    public ProviderAdapter adapter(String provider) {
        if (provider == null || provider.isBlank()) {
            throw new InvalidInputException(RejectReason.UNKNOWN_PROVIDER, "provider", "no provider given");
        }
        ProviderAdapter a = adapters.get(provider.trim().toLowerCase(Locale.ROOT));
        if (a == null) {
            throw new InvalidInputException(RejectReason.UNKNOWN_PROVIDER, "provider",
                    "'" + provider + "' is not one of " + adapters.keySet());
        }
        return a;
    }

    /**
     * All records of the message, or an {@link InvalidInputException} and none (never half a message).
     * <p>
     * Adapters are pure functions of the message, so anything else one throws (an index, date-time or arithmetic
     * error an adapter failed to anticipate) comes from the message and would fail again on every redelivery: it is
     * an {@code INVALID_VALUE} rejection, never a transient failure that makes the broker retry forever.
     */
    public List<CanonicalRecord> normalize(RawMessage msg) {
        ProviderAdapter adapter = adapter(msg.provider());
        try {
            return adapter.normalize(msg);
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            String detail = e.getClass().getSimpleName() + ": " + e.getMessage();
            throw new InvalidInputException(RejectReason.INVALID_VALUE, "data", "the " + adapter.provider()
                    + " message cannot be read (" + (detail.length() > 200 ? detail.substring(0, 200) + "…" : detail) + ")");
        }
    }
}
