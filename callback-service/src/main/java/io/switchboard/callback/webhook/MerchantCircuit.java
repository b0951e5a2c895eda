package io.switchboard.callback.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import io.switchboard.common.config.SwitchboardConfig;

/**
 * A circuit breaker per merchant endpoint (DESIGN §3): after {@code threshold} failed attempts in a row the
 * merchant's deliveries wait {@code openFor} instead of all hitting a dead endpoint; then one delivery goes
 * through as a probe, and its outcome closes or re-opens the circuit. Held per replica, in memory: losing it
 * costs at most a few extra attempts, never a delivery.
 */
@ApplicationScoped
public class MerchantCircuit {
    private record State(int failures, long openUntil) {}

    private final int threshold;
    private final long openForMillis;
    private final LongSupplier clock;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    @Inject
    public MerchantCircuit(SwitchboardConfig config) {
        this(config.webhooks().breaker().failures(), config.webhooks().breaker().openFor(), System::currentTimeMillis);
    }

    MerchantCircuit(int threshold, Duration openFor, LongSupplier clock) {
        this.threshold = Math.max(1, threshold);
        this.openForMillis = openFor.toMillis();
        this.clock = clock;
    }

    /**
     * Null when a delivery may go now; otherwise how long the caller should wait. When an open circuit's time is
     * up, the first caller is let through as the probe and the others keep waiting.
     */
    public Duration waitFor(String merchantId) {
        long now = clock.getAsLong();
        Duration[] wait = new Duration[1];
        states.computeIfPresent(merchantId, (m, s) -> {
            if (s.failures < threshold) {
                return s;
            }
            if (now < s.openUntil) {
                wait[0] = Duration.ofMillis(s.openUntil - now);
                return s;
            }
            return new State(s.failures, now + openForMillis); // this caller probes; others wait another window
        });
        return wait[0];
    }

    public void onSuccess(String merchantId) {
        states.remove(merchantId);
    }

    public void onFailure(String merchantId) {
        long now = clock.getAsLong();
        states.merge(merchantId, new State(1, threshold <= 1 ? now + openForMillis : 0), (old, one) -> {
            int failures = old.failures + 1;
            return new State(failures, failures >= threshold ? now + openForMillis : 0);
        });
    }
}
