package io.switchboard.group.service;

import io.quarkus.scheduler.Scheduled;
import io.switchboard.group.config.GroupConfig;
import io.switchboard.group.repository.GroupCommandRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Keeps {@code group_command} bounded: records older than {@code switchboard.groups.command-retention} go. */
@ApplicationScoped
public class GroupCommandRetention {
    private static final Logger LOG = Logger.getLogger(GroupCommandRetention.class);

    @Inject
    GroupCommandRepository commands;
    @Inject
    GroupConfig config;

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.warnf("purging old group commands failed, will retry: %s", e.toString());
        }
    }

    /** Returns how many records were deleted. */
    @Transactional
    public long purge() {
        long n = commands.purgeOlderThan(Instant.now().minus(config.commandRetention()));
        if (n > 0) {
            LOG.infof("purged %d group command records older than %s", n, config.commandRetention());
        }
        return n;
    }
}
