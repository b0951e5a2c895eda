package io.switchboard.callback.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Webhook meters on /q/metrics: {@code switchboard_webhook_attempts_seconds{outcome}} (count and latency of
 * attempts by outcome), {@code switchboard_webhook_dead_total}, {@code switchboard_webhook_postponed_total{reason}},
 * {@code switchboard_webhook_endpoint_disabled_total} (410 Gone) and {@code switchboard_webhook_purged_total{status}}.
 */
@ApplicationScoped
public class WebhookMetrics {
    @Inject
    MeterRegistry registry;

    void attempt(WebhookSender.Result result) {
        Timer.builder("switchboard.webhook.attempts")
                .description("Webhook delivery attempts by outcome")
                .tag("outcome", result.outcome().name().toLowerCase(Locale.ROOT))
                .register(registry)
                .record(result.durationMs(), TimeUnit.MILLISECONDS);
    }

    void dead() {
        registry.counter("switchboard.webhook.dead").increment();
    }

    /** A merchant endpoint answered 410 Gone and was disabled. */
    void endpointDisabled() {
        registry.counter("switchboard.webhook.endpoint.disabled").increment();
    }

    /** Finished deliveries deleted by the retention job, by status. */
    void purged(String status, int n) {
        registry.counter("switchboard.webhook.purged", "status", status).increment(n);
    }

    /** A delivery put back without an attempt: {@code lookup} (account-service down) or {@code circuit}. */
    void postponed(String reason) {
        registry.counter("switchboard.webhook.postponed", "reason", reason).increment();
    }
}
