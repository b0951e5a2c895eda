package io.switchboard.callback.presence;

import io.quarkus.redis.datasource.RedisDataSource;
import io.switchboard.common.event.Presence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Heartbeats of links and robots, kept in Redis sorted sets (score = epoch ms of the last beat): a beat is too
 * frequent and too short-lived to be a database row. Whether a robot was reported lost is not kept here but in
 * {@code robot_link.lost_at} (PostgreSQL), so losing Redis's data cannot swallow a "resumed" report.
 */
@ApplicationScoped
public class RobotPresence {
    @Inject
    RedisDataSource redis;

    /** A beat of a link itself (a LINE device's DeviceHeart, or its socket opening). */
    public void linkBeat(String linkKey) {
        redis.sortedSet(String.class).zadd(Presence.DEVICES, System.currentTimeMillis(), linkKey);
    }

    /**
     * Records a robot's beat; true when the robot was not in the set (its first beat after a login, after the
     * offline sweeper took it out, or after Redis lost its data), which is when the caller checks the lost mark.
     */
    public boolean robotBeat(String robotSerialNo) {
        return redis.sortedSet(String.class).zadd(Presence.ROBOTS, System.currentTimeMillis(), robotSerialNo);
    }

    /** Undoes {@link #robotBeat}'s "first beat" when reporting it failed, so the next beat tries again. */
    public void unBeat(String robotSerialNo) {
        redis.sortedSet(String.class).zrem(Presence.ROBOTS, robotSerialNo);
    }

    /** A logged-out robot sends no more beats; forgetting it keeps the sweeper from reporting it lost. */
    public void forget(String robotSerialNo) {
        redis.sortedSet(String.class).zrem(Presence.ROBOTS, robotSerialNo);
    }
}
