package io.switchboard.callback.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When attempts happen: attempt n (1-based) waits entry n-1 after the previous one failed (entry 0 after the
 * event arrived), so a schedule of 8 entries gives 8 attempts before the delivery is dead.
 *
 * <p>Retries are jittered proportionally: entry × a uniform factor in [1 − jitter, 1 + jitter]. The mean stays the
 * entry, so the schedule's total span is unchanged on average, while deliveries that failed in the same second (an
 * endpoint outage) come back spread out instead of as one burst. The first attempt is never jittered: a 0 s entry
 * stays immediate.
 */
public record RetrySchedule(List<Duration> delays, double jitter) {
    public RetrySchedule {
        if (delays == null || delays.isEmpty()) {
            throw new IllegalArgumentException("the webhook retry schedule needs at least one entry");
        }
        if (delays.stream().anyMatch(d -> d.isNegative())) {
            throw new IllegalArgumentException("the webhook retry schedule has a negative delay");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("the webhook retry jitter must be at least 0 and below 1, found " + jitter);
        }
        delays = List.copyOf(delays);
    }

    public RetrySchedule(List<Duration> delays) {
        this(delays, 0);
    }

    /** Delay of the first attempt (not jittered). */
    public Duration first() {
        return delays.get(0);
    }

    /** The schedule's own delay before the next attempt once {@code attemptsDone} attempts failed; empty = dead. */
    public Optional<Duration> nominal(int attemptsDone) {
        return attemptsDone < delays.size() ? Optional.of(delays.get(attemptsDone)) : Optional.empty();
    }

    /** The jittered delay before the next attempt once {@code attemptsDone} attempts of this round failed; empty = dead. */
    public Optional<Duration> after(int attemptsDone, RandomGenerator random) {
        return nominal(attemptsDone).map(d -> jitter == 0 || d.isZero() ? d
                : Duration.ofMillis(Math.round(d.toMillis() * (1 - jitter + 2 * jitter * random.nextDouble()))));
    }

    public int attempts() {
        return delays.size();
    }
}
