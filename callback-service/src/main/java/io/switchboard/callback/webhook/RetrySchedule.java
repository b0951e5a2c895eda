package io.switchboard.callback.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * When attempts happen: attempt n (1-based) waits entry n-1 after the previous one failed (entry 0 after the
 * event arrived), so a schedule of 8 entries gives 8 attempts before the delivery is dead.
 */
public record RetrySchedule(List<Duration> delays) {
    public RetrySchedule {
        if (delays == null || delays.isEmpty()) {
            throw new IllegalArgumentException("the webhook retry schedule needs at least one entry");
        }
        if (delays.stream().anyMatch(d -> d.isNegative())) {
            throw new IllegalArgumentException("the webhook retry schedule has a negative delay");
        }
        delays = List.copyOf(delays);
    }

    /** Delay of the first attempt. */
    public Duration first() {
        return delays.get(0);
    }

    /** Delay before the next attempt once {@code attemptsDone} attempts of this round failed; empty = dead. */
    public Optional<Duration> after(int attemptsDone) {
        return attemptsDone < delays.size() ? Optional.of(delays.get(attemptsDone)) : Optional.empty();
    }

    public int attempts() {
        return delays.size();
    }
}
