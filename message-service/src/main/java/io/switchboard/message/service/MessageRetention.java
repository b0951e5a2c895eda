package io.switchboard.message.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.message.config.MessageConfig;
import io.switchboard.message.repository.InboundStore;
import io.switchboard.message.repository.MessageStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Keeps the message tables bounded (docs/OPERATIONS.md "Message retention"): finished outbound messages accepted
 * longer than {@code switchboard.messages.retention} (30 days) ago, and inbound messages received that long ago, are
 * deleted in batches of {@code retention-batch} rows, one short transaction each, so neither a long lock nor one huge
 * transaction ever forms. Queued and dispatched messages are never deleted.
 */
@ApplicationScoped
public class MessageRetention {
    private static final Logger LOG = Logger.getLogger(MessageRetention.class);
    /** Batches per table and run at most; the rest waits for the next run. */
    static final int MAX_BATCHES = 1_000;

    @Inject
    MessageStore messages;
    @Inject
    InboundStore inbound;
    @Inject
    MessageConfig config;

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.warnf("purging old messages failed, will retry: %s", e.toString());
        }
    }

    /** Returns how many rows were deleted (outbound and inbound). */
    public long purge() {
        Instant cutoff = Instant.now().minus(config.retention());
        int batch = config.retentionBatch();
        long outbound = 0;
        long received = 0;
        for (int i = 0; i < MAX_BATCHES; i++) {
            int n = QuarkusTransaction.requiringNew().call(() -> messages.deleteFinished(cutoff, batch));
            outbound += n;
            if (n < batch) {
                break;
            }
        }
        for (int i = 0; i < MAX_BATCHES; i++) {
            int n = QuarkusTransaction.requiringNew().call(() -> inbound.deleteReceivedBefore(cutoff, batch));
            received += n;
            if (n < batch) {
                break;
            }
        }
        if (outbound + received > 0) {
            LOG.infof("purged %d finished outbound and %d inbound messages older than %s", outbound, received,
                    config.retention());
        }
        return outbound + received;
    }
}
