package io.switchboard.callback.presence;

import io.quarkus.redis.datasource.RedisDataSource;
import io.switchboard.common.event.Presence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Heartbeats of devices and robots, kept in Redis sorted sets (score = epoch ms of the last beat): a beat is
 * too frequent and too short-lived to be a database row, and losing them all only makes robots look offline
 * until their next beat.
 */
@ApplicationScoped
public class RobotPresence {
    @Inject
    RedisDataSource redis;

    public void deviceBeat(String deviceNo) {
        redis.sortedSet(String.class).zadd(Presence.DEVICES, System.currentTimeMillis(), deviceNo);
    }

    /** Records a robot's beat and its merchant (the offline sweeper names the merchant in its event). */
    public void robotBeat(String robotSerialNo, String merchantId) {
        redis.sortedSet(String.class).zadd(Presence.ROBOTS, System.currentTimeMillis(), robotSerialNo);
        if (merchantId != null) {
            redis.hash(String.class).hset(PresenceKeys.ROBOT_MERCHANT, robotSerialNo, merchantId);
        }
    }

    /** True when the robot had been reported lost and is not any more (the caller reports it resumed). */
    public boolean clearLost(String robotSerialNo) {
        return redis.set(String.class).srem(PresenceKeys.LOST, robotSerialNo) == 1;
    }

    public void markLost(String robotSerialNo) {
        redis.set(String.class).sadd(PresenceKeys.LOST, robotSerialNo);
    }

    /** A logged-out robot sends no more beats; forgetting it keeps the sweeper from reporting it lost. */
    public void forget(String robotSerialNo) {
        redis.sortedSet(String.class).zrem(Presence.ROBOTS, robotSerialNo);
        redis.set(String.class).srem(PresenceKeys.LOST, robotSerialNo);
        redis.hash(String.class).hdel(PresenceKeys.ROBOT_MERCHANT, robotSerialNo);
    }

    public String merchantOf(String robotSerialNo) {
        return redis.hash(String.class).hget(PresenceKeys.ROBOT_MERCHANT, robotSerialNo);
    }
}
