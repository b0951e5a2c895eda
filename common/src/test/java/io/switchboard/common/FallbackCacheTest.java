package io.switchboard.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.common.client.FallbackCache;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FallbackCacheTest {
    final AtomicInteger calls = new AtomicInteger();

    String load(String k) {
        calls.incrementAndGet();
        return k.equals("unknown") ? null : "v-" + k;
    }

    static String fail(String k) {
        throw new IllegalStateException("down");
    }

    @Test
    void freshAnswersAreReused() {
        FallbackCache<String, String> c = new FallbackCache<>(Duration.ofMinutes(1), Duration.ZERO, Duration.ofMinutes(5), 10);
        assertEquals(Optional.of("v-a"), c.get("a", this::load));
        assertEquals(Optional.of("v-a"), c.get("a", this::load));
        assertEquals(1, calls.get());
    }

    @Test
    void unknownIsRememberedOnlyForTheNegativeTime() {
        FallbackCache<String, String> c = new FallbackCache<>(Duration.ofMinutes(1), Duration.ZERO, Duration.ofMinutes(5), 10);
        assertEquals(Optional.empty(), c.get("unknown", this::load));
        assertEquals(Optional.empty(), c.get("unknown", this::load));
        assertEquals(2, calls.get());
    }

    @Test
    void knownAnswerServesDuringAnOutageUntilStale() {
        FallbackCache<String, String> c = new FallbackCache<>(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(5), 10);
        c.get("a", this::load);
        assertEquals(Optional.of("v-a"), c.get("a", FallbackCacheTest::fail));
        FallbackCache<String, String> stale = new FallbackCache<>(Duration.ZERO, Duration.ZERO, Duration.ZERO, 10);
        stale.get("a", this::load);
        assertThrows(IllegalStateException.class, () -> stale.get("a", FallbackCacheTest::fail));
        assertThrows(IllegalStateException.class, () -> c.get("never-seen", FallbackCacheTest::fail));
    }

    @Test
    void invalidationForgets() {
        FallbackCache<String, String> c = new FallbackCache<>(Duration.ofMinutes(1), Duration.ZERO, Duration.ofMinutes(5), 10);
        c.get("a", this::load);
        c.invalidate("a");
        c.get("a", this::load);
        assertEquals(2, calls.get());
    }
}
