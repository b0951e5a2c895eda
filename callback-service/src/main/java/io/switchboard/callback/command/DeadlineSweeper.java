package io.switchboard.callback.command;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import java.time.format.DateTimeFormatter;
import java.util.List;
import io.switchboard.callback.link.CommandResults;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Fails commands that got no result by their deadline (TIMED_OUT), saying whether the device was offline (never
 * pushed) or did not answer; {@code CommandResults} publishes {@code command.failed} in the same transaction, and
 * only if the command was still unfinished.
 */
@ApplicationScoped
public class DeadlineSweeper {
    private static final Logger LOG = Logger.getLogger(DeadlineSweeper.class);
    private static final int BATCH = 100;

    @Inject
    CommandStore store;
    @Inject
    CommandResults results;

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warnf("deadline sweep failed, will retry: %s", e.toString());
        }
    }

    /** Times out every overdue command; returns how many. */
    public int sweep() {
        int total = 0;
        int n;
        do {
            n = QuarkusTransaction.requiringNew().call(this::sweepBatch);
            total += n;
        } while (n == BATCH);
        return total;
    }

    private int sweepBatch() {
        List<CommandRecord> overdue = store.lockOverdue(BATCH);
        for (CommandRecord c : overdue) {
            String reason = reason(c);
            results.failed(c, CommandStatus.TIMED_OUT, reason, null, null);
        }
        return overdue.size();
    }

    static String reason(CommandRecord c) {
        String link = c.linkKey == null ? "the robot's link"
                : "LINE_DEVICE".equals(c.protocol) ? "device " + c.linkKey : c.protocol + " link of " + c.linkKey;
        if (c.status == CommandStatus.PENDING) {
            return "no result by the deadline: " + link + " was offline, so the command was never delivered";
        }
        String when = c.pushedAt == null ? "" : " at " + DateTimeFormatter.ISO_INSTANT.format(c.pushedAt);
        return "no result by the deadline: " + link + " received the command" + when + " but did not answer";
    }
}
