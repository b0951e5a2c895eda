package io.switchboard.callback.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
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
        assertEquals(Optional.of(Duration.ofSeconds(5)), DEFAULT.after(1));
        assertEquals(Optional.of(Duration.ofMinutes(5)), DEFAULT.after(2));
        assertEquals(Optional.of(Duration.ofHours(10)), DEFAULT.after(7));
        assertTrue(DEFAULT.after(8).isEmpty());
    }

    @Test
    void anEmptyOrNegativeScheduleIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(List.of(Duration.ofSeconds(-1))));
    }
}
