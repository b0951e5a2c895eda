package io.switchboard.callback.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookScheduleTest {
    private static final RetrySchedule DEFAULT = new RetrySchedule(List.of(Duration.ZERO, Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
            Duration.ofHours(10), Duration.ofHours(10)));

    @Test
    void eightEntriesMeanEightAttemptsThenDead() {
        assertEquals(8, DEFAULT.attempts());
        assertEquals(Duration.ZERO, DEFAULT.first());
        assertEquals(Optional.of(Duration.ofSeconds(5)), DEFAULT.nominal(1));
        assertEquals(Optional.of(Duration.ofMinutes(5)), DEFAULT.nominal(2));
        assertEquals(Optional.of(Duration.ofHours(10)), DEFAULT.nominal(7));
        assertTrue(DEFAULT.nominal(8).isEmpty());
    }

    @Test
    void anEmptyOrNegativeScheduleIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(List.of(Duration.ofSeconds(-1))));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(List.of(Duration.ZERO), 1.0));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(List.of(Duration.ZERO), -0.1));
    }

    @Test
    void jitteredRetriesStayWithinTwentyPercentSpreadOutAndTheFirstAttemptStaysImmediate() {
        RetrySchedule jittered = new RetrySchedule(DEFAULT.delays(), 0.2);
        SplittableRandom seed = new SplittableRandom(42);
        assertEquals(Duration.ZERO, jittered.first(), "the first attempt is never delayed");
        for (int step = 1; step < 8; step++) {
            long nominal = DEFAULT.nominal(step).orElseThrow().toMillis();
            Set<Long> seen = new HashSet<>();
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < 2000; i++) {
                long ms = jittered.after(step, seed).orElseThrow().toMillis();
                assertTrue(ms >= Math.floor(nominal * 0.8) && ms <= Math.ceil(nominal * 1.2),
                        "step " + step + ": " + ms + " ms is outside ±20 % of " + nominal);
                seen.add(ms);
                min = Math.min(min, ms);
                max = Math.max(max, ms);
            }
            assertTrue(seen.size() > 100, "step " + step + " is spread out, found " + seen.size() + " values");
            assertTrue(min < nominal * 0.85 && max > nominal * 1.15,
                    "step " + step + " uses most of the band: " + min + ".." + max + " around " + nominal);
        }
        assertTrue(jittered.after(8, seed).isEmpty(), "jitter adds no attempt");
        // The edges of the band, with a generator that answers its extremes.
        assertEquals(Duration.ofSeconds(4), jittered.after(1, fixed(0.0)).orElseThrow());
        assertEquals(Duration.ofSeconds(6), jittered.after(1, fixed(1.0)).orElseThrow());
        assertEquals(Duration.ZERO, new RetrySchedule(List.of(Duration.ZERO, Duration.ZERO), 0.2)
                .after(1, fixed(1.0)).orElseThrow(), "a 0 s entry stays immediate");
    }

    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}
