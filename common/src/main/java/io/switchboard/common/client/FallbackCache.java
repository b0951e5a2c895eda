package io.switchboard.common.client;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A look-up cache for answers of another service: an answer is reused while fresh; "not known" (the loader's
 * null) for a shorter time, so something created a moment ago is found soon; and while the other service is
 * failing, a known answer keeps serving until it is stale (DESIGN §1: "fallback to a short cache"). Never the
 * truth, so the bound is crude: past {@code maxEntries} it starts over.
 */
public final class FallbackCache<K, V> {
    private record Entry<V>(V value, long fetchedAt) {}

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final long freshMs;
    private final long negativeMs;
    private final long staleMs;
    private final int maxEntries;
    private final LongSupplier clock;

    public FallbackCache(Duration fresh, Duration negative, Duration stale, int maxEntries) {
        this(fresh, negative, stale, maxEntries, System::currentTimeMillis);
    }

    /** {@code clock} gives epoch ms (tests move it instead of waiting). */
    public FallbackCache(Duration fresh, Duration negative, Duration stale, int maxEntries, LongSupplier clock) {
        this.clock = clock;
        this.freshMs = fresh.toMillis();
        this.negativeMs = negative.toMillis();
        this.staleMs = stale.toMillis();
        this.maxEntries = maxEntries;
    }

    /**
     * The cached or loaded answer; empty when the other service does not know the key. When the loader fails and
     * no known answer younger than the stale limit exists, the loader's exception propagates.
     */
    public Optional<V> get(K key, Function<K, V> loader) {
        long now = clock.getAsLong();
        Entry<V> cached = entries.get(key);
        if (cached != null && now - cached.fetchedAt() < (cached.value() != null ? freshMs : negativeMs)) {
            return Optional.ofNullable(cached.value());
        }
        V loaded;
        try {
            loaded = loader.apply(key);
        } catch (RuntimeException e) {
            if (cached != null && cached.value() != null && now - cached.fetchedAt() < staleMs) {
                return Optional.of(cached.value());
            }
            throw e;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, new Entry<>(loaded, now));
        return Optional.ofNullable(loaded);
    }

    public void invalidate(K key) {
        entries.remove(key);
    }

    public void clear() {
        entries.clear();
    }
}
