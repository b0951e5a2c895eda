package io.switchboard.callback.webhook;

import io.quarkus.scheduler.Scheduled;
import io.switchboard.common.config.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Deletes finished deliveries and their attempts once they are old enough (docs/OPERATIONS.md "Webhook retention"):
 * SUCCEEDED ones {@code retention.delivered} after delivery, DEAD ones {@code retention.dead} after they died.
 * PENDING and DELIVERING rows are never touched. Each statement deletes at most {@code retention.batch-size} rows in
 * its own short transaction, so a large backlog never holds long locks; every replica may run it (SKIP LOCKED).
 */
@ApplicationScoped
public class WebhookRetention {
    private static final Logger LOG = Logger.getLogger(WebhookRetention.class);

    /** What one run deleted. */
    public record Purged(int delivered, int dead) {}

    @Inject
    WebhookDeliveryRepository repository;
    @Inject
    WebhookMetrics metrics;
    @Inject
    SwitchboardConfig config;

    @Scheduled(every = "${switchboard.webhooks.retention.interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.warnf("webhook retention failed, will retry next run: %s", e.toString());
        }
    }

    public Purged purge() {
        SwitchboardConfig.Webhooks.Retention r = config.webhooks().retention();
        return purge(Instant.now(), r.delivered(), r.dead(), r.batchSize());
    }

    Purged purge(Instant now, Duration delivered, Duration dead, int batchSize) {
        int batch = Math.max(1, batchSize);
        int d = purge(DeliveryStatus.SUCCEEDED, now.minus(delivered), batch);
        int x = purge(DeliveryStatus.DEAD, now.minus(dead), batch);
        if (d + x > 0) {
            LOG.infof("webhook retention deleted %d delivered and %d dead deliveries (with their attempts)", d, x);
        }
        return new Purged(d, x);
    }

    private int purge(DeliveryStatus status, Instant cutoff, int batch) {
        int total = 0;
        int n;
        do {
            n = repository.purgeBatch(status, cutoff, batch);
            total += n;
            if (n > 0) {
                metrics.purged(status.name().toLowerCase(java.util.Locale.ROOT), n);
            }
        } while (n == batch);
        return total;
    }
}
