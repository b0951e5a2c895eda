package io.switchboard.callback.driver.engine;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: the delay before attempt {@code n} is uniform in
 * [0, min(cap, base·2ⁿ)], so engines that dropped together are not all reconnected in the same instant.
 */
public record Backoff(Duration base, Duration cap) {
    public long delayMillis(int attempt) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt, 20));
        return ThreadLocalRandom.current().nextLong(Math.max(ceiling, 1) + 1);
    }
}
