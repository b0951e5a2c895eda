package io.switchboard.message.service;

import io.quarkus.scheduler.Scheduled;
import io.switchboard.message.config.MessageConfig;
import io.switchboard.message.repository.MessageStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Keeps {@code robot_queue} small (docs/OPERATIONS.md "The queue table"). Every accept, dispatch and result rewrites
 * its robot's row, and none of those updates can be HOT (they change a column of the due index's predicate), so the
 * table of a few thousand live rows gathers a dead row per message: at 1,000 messages a second, 60,000 a minute,
 * which every claim and every accept then wades through. Autovacuum's own pace (a look every minute, and nothing at
 * all where it is turned off) is too slow for a table this hot, so message-service vacuums it itself every
 * {@code queue-vacuum.interval}: a few milliseconds for a small table, skipped when another replica is at it.
 */
@ApplicationScoped
public class QueueVacuum {
    private static final Logger LOG = Logger.getLogger(QueueVacuum.class);

    @Inject
    MessageStore store;
    @Inject
    MessageConfig config;

    @Scheduled(every = "${switchboard.messages.queue-vacuum.interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!config.queueVacuum().enabled()) {
            return;
        }
        try {
            store.vacuumQueue();
        } catch (RuntimeException e) {
            LOG.debugf("vacuuming robot_queue failed, will retry: %s", e.toString());
        }
    }
}
