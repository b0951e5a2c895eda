package io.switchboard.callback.presence;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.common.db.Jdbc;
import io.switchboard.common.event.Presence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Heartbeats of links and robots, kept in Redis sorted sets (score = epoch ms of the last beat): a beat is too
 * frequent and too short-lived to be a database row. Whether a robot was reported lost is not kept here but in
 * {@code robot_link.lost_at} (PostgreSQL), so losing Redis's data cannot swallow a "resumed" report. So that it
 * cannot swallow a "lost" report either, each robot's newest beat is also copied to {@code robot_link.last_seen_at},
 * coarsely: beats are gathered in memory and written in one statement every {@code persist-interval}, so a beat
 * costs one Redis write and a map entry, and PostgreSQL sees one UPDATE per replica and interval.
 */
@ApplicationScoped
public class RobotPresence {
    private static final Logger LOG = Logger.getLogger(RobotPresence.class);
    private static final int PERSIST_BATCH = 5_000;

    @Inject
    RedisDataSource redis;
    @Inject
    DataSource dataSource;

    /** Robot → epoch ms of its newest beat heard here and not yet written to PostgreSQL. */
    private final Map<String, Long> unsaved = new ConcurrentHashMap<>();

    /** A beat of a link itself (a LINE device's DeviceHeart, or its socket opening). */
    public void linkBeat(String linkKey) {
        redis.sortedSet(String.class).zadd(Presence.DEVICES, System.currentTimeMillis(), linkKey);
    }

    /**
     * Records a robot's beat; true when the robot was not in the set (its first beat after a login, after the
     * offline sweeper took it out, or after Redis lost its data), which is when the caller checks the lost mark.
     */
    public boolean robotBeat(String robotSerialNo) {
        long now = System.currentTimeMillis();
        unsaved.merge(robotSerialNo, now, Math::max);
        return redis.sortedSet(String.class).zadd(Presence.ROBOTS, now, robotSerialNo);
    }

    /** Undoes {@link #robotBeat}'s "first beat" when reporting it failed, so the next beat tries again. */
    public void unBeat(String robotSerialNo) {
        redis.sortedSet(String.class).zrem(Presence.ROBOTS, robotSerialNo);
    }

    /** A logged-out robot sends no more beats; forgetting it keeps the sweeper from reporting it lost. */
    public void forget(String robotSerialNo) {
        unsaved.remove(robotSerialNo);
        redis.sortedSet(String.class).zrem(Presence.ROBOTS, robotSerialNo);
    }

    @Scheduled(every = "${switchboard.callback.presence.persist-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            persist();
        } catch (RuntimeException e) {
            LOG.warnf("writing robot beats to PostgreSQL failed, will retry: %s", e.toString());
        }
    }

    void flushOnShutdown(@Observes ShutdownEvent ev) {
        tick();
    }

    /**
     * Writes the beats gathered since the last call to {@code robot_link.last_seen_at} (never moving it back, and
     * only for robots that should be connected: a logout clears the column); returns how many robots. Beats that
     * could not be written are kept for the next call.
     */
    public int persist() {
        List<String> robots = new ArrayList<>();
        List<Long> beats = new ArrayList<>();
        for (String robot : unsaved.keySet()) {
            Long beat = unsaved.remove(robot);
            if (beat != null) {
                robots.add(robot);
                beats.add(beat);
            }
        }
        try {
            for (int from = 0; from < robots.size(); from += PERSIST_BATCH) {
                int to = Math.min(robots.size(), from + PERSIST_BATCH);
                write(robots.subList(from, to), beats.subList(from, to));
            }
        } catch (RuntimeException e) {
            for (int i = 0; i < robots.size(); i++) {
                unsaved.merge(robots.get(i), beats.get(i), Math::max);
            }
            throw e;
        }
        return robots.size();
    }

    private void write(List<String> robots, List<Long> beats) {
        Timestamp[] at = beats.stream().map(Timestamp::new).toArray(Timestamp[]::new);
        QuarkusTransaction.requiringNew().run(() -> Jdbc.run(dataSource, "robot presence", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    update robot_link l set last_seen_at = greatest(l.last_seen_at, b.seen)
                    from unnest(?::varchar[], ?::timestamptz[]) as b(robot, seen)
                    where l.robot_serial_no = b.robot and l.desired = 'CONNECTED'""")) {
                ps.setArray(1, c.createArrayOf("varchar", robots.toArray()));
                ps.setArray(2, c.createArrayOf("timestamptz", at));
                return ps.executeUpdate();
            }
        }));
    }
}
