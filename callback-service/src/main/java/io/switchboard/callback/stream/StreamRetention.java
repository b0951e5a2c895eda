package io.switchboard.callback.stream;

import io.quarkus.scheduler.Scheduled;
import io.switchboard.callback.config.CallbackConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Deletes stream entries older than {@code switchboard.callback.stream.retention} (docs/STREAM.md "Retention"), at
 * most {@code retention-batch} rows per statement, each in its own short transaction; every replica may run it
 * (SKIP LOCKED). The counters stay, so cursors keep counting on; a {@code since} older than what is left is refused
 * at the handshake (410/41001) instead of silently skipping.
 */
@ApplicationScoped
public class StreamRetention {
    private static final Logger LOG = Logger.getLogger(StreamRetention.class);

    @Inject
    StreamLog log;
    @Inject
    CallbackConfig config;

    @Scheduled(every = "${switchboard.callback.stream.retention-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            purge(Instant.now().minus(config.stream().retention()));
        } catch (RuntimeException e) {
            LOG.warnf("stream retention failed, will retry next run: %s", e.toString());
        }
    }

    /** Deletes every entry created before {@code cutoff}; how many. */
    public int purge(Instant cutoff) {
        int batch = Math.max(1, config.stream().retentionBatch());
        int total = 0;
        int n;
        do {
            n = log.purgeBatch(cutoff, batch);
            total += n;
        } while (n == batch);
        if (total > 0) {
            LOG.infof("stream retention deleted %d entries created before %s", total, cutoff);
        }
        return total;
    }
}
