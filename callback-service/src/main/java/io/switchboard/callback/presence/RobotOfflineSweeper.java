package io.switchboard.callback.presence;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.ZAddArgs;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.callback.command.RobotEvents;
import io.switchboard.callback.link.RobotLink;
import io.switchboard.callback.link.RobotLinks;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.Presence;
import jakarta.enterprise.context.ApplicationScoped;
import io.switchboard.callback.config.CallbackConfig;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Reports robots whose heartbeats stopped ({@code robot.heartbeat.lost} {lastHeartbeat}). One replica sweeps at a
 * time (a Redis lock); each robot is claimed atomically (only if it has not beaten since) and marked lost in
 * {@code robot_link}, so it is reported once, and its next beat reports it resumed. A second pass reads
 * {@code robot_link.last_seen_at}, so a robot whose beats Redis lost is still reported when it stays silent.
 */
@ApplicationScoped
public class RobotOfflineSweeper {
    private static final Logger LOG = Logger.getLogger(RobotOfflineSweeper.class);
    private static final int BATCH = 500;
    private static final long LOCK_TTL_MS = 30_000;

    @Inject
    RedisDataSource redis;
    @Inject
    RedisScripts scripts;
    @Inject
    ReplicaId replica;
    @Inject
    RobotLinks links;
    @Inject
    RobotEvents events;

    @Inject
    CallbackConfig config;

    @Scheduled(every = "${switchboard.callback.presence.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warnf("robot offline sweep failed, will retry: %s", e.toString());
        }
    }

    /** Reports every robot silent for longer than {@code robot-offline-after}; 0 when another replica sweeps. */
    public int sweep() {
        if (!scripts.tryLock(PresenceKeys.SWEEPER_LOCK, replica.get(), LOCK_TTL_MS)) {
            return 0;
        }
        try {
            long cutoff = System.currentTimeMillis() - config.presence().robotOfflineAfter().toMillis();
            List<String> stale = redis.sortedSet(String.class).zrangebyscore(Presence.ROBOTS,
                    ScoreRange.from(Double.NEGATIVE_INFINITY, (double) cutoff), new ZRangeArgs().limit(0, BATCH));
            int reported = 0;
            for (String robot : stale) {
                if (report(robot, cutoff)) {
                    reported++;
                }
            }
            return reported + sweepUnseen(cutoff);
        } finally {
            scripts.deleteIfValue(PresenceKeys.SWEEPER_LOCK, replica.get());
        }
    }

    /**
     * The PostgreSQL pass: robots whose {@code last_seen_at} is older than the cutoff and that Redis does not know at
     * all. Normally there are none (pass one reported them, or they beat, which puts them back in Redis); after Redis
     * lost its data these are the robots that went silent since, which nothing else would ever report.
     */
    private int sweepUnseen(long cutoff) {
        List<RobotLink> unseen = QuarkusTransaction.requiringNew().call(() ->
                links.unseenSince(Instant.ofEpochMilli(cutoff), BATCH));
        int reported = 0;
        for (RobotLink candidate : unseen) {
            if (redis.sortedSet(String.class).zscore(Presence.ROBOTS, candidate.robotSerialNo).isEmpty()
                    && reportUnseen(candidate.robotSerialNo, cutoff)) {
                reported++;
            }
        }
        return reported;
    }

    private boolean reportUnseen(String robot, long cutoff) {
        return QuarkusTransaction.requiringNew().call(() -> {
            RobotLink link = links.lock(robot).orElse(null);
            // Checked again under the row lock: a beat puts the robot in Redis before it touches the row, so a beat
            // after this check waits for the lock and then reports the robot resumed.
            if (link == null || link.lostAt != null || link.lastSeenAt == null
                    || link.lastSeenAt.toEpochMilli() > cutoff
                    || redis.sortedSet(String.class).zscore(Presence.ROBOTS, robot).isPresent()
                    || !links.markLost(robot)) {
                return false;
            }
            events.publish(EventTypes.ROBOT_HEARTBEAT_LOST, link.merchantId, robot, null,
                    events.data().put("lastHeartbeat", link.lastSeenAt.toEpochMilli()));
            return true;
        });
    }

    private boolean report(String robot, long cutoff) {
        long lastBeat = scripts.claimStale(Presence.ROBOTS, robot, cutoff);
        if (lastBeat < 0) {
            return false; // it beat meanwhile
        }
        try {
            // The lost mark is the row's (robot_link.lost_at): reported once, and cleared by the next beat even if
            // Redis loses its data in between.
            return QuarkusTransaction.requiringNew().call(() -> {
                RobotLink link = links.find(robot).orElse(null);
                if (link == null || !links.markLost(robot)) {
                    return false;
                }
                events.publish(EventTypes.ROBOT_HEARTBEAT_LOST, link.merchantId, robot, null,
                        events.data().put("lastHeartbeat", lastBeat));
                return true;
            });
        } catch (RuntimeException e) {
            // Undo the claim so the next sweep reports it; a beat that came meanwhile keeps its newer score.
            redis.sortedSet(String.class).zadd(Presence.ROBOTS, new ZAddArgs().nx(), lastBeat, robot);
            throw e;
        }
    }
}
