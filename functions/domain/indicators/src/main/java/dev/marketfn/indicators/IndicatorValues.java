package dev.marketfn.indicators;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The values after one bar: an immutable map whose iteration order is {@link IndicatorEngine#NAMES} (the stable order
 * a LinkedHashMap would give), every name present, {@code null} during warm-up. Backed by one array, so returning
 * it per bar costs one small allocation instead of a hash table. Serialises with Jackson like any map.
 */
public final class IndicatorValues extends AbstractMap<String, Double> {
    private static final List<String> NAMES = IndicatorEngine.NAMES;
    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        for (int i = 0; i < NAMES.size(); i++) {
            INDEX.put(NAMES.get(i), i);
        }
    }

    private final Double[] values;

    IndicatorValues(Double[] values) {
        if (values.length != NAMES.size()) {
            throw new IllegalArgumentException("expected " + NAMES.size() + " values");
        }
        this.values = values;
    }

    @Override
    public Double get(Object name) {
        Integer i = INDEX.get(name);
        return i == null ? null : values[i];
    }

    @Override
    public boolean containsKey(Object name) {
        return INDEX.containsKey(name);
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public Set<Entry<String, Double>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Double>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, Double> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(NAMES.get(i), values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }
}
