package io.switchboard.common.event;

/**
 * Liveness kept in Redis, not in a database row per beat (DESIGN: PostgreSQL is the truth, Redis is transport).
 * Sorted sets: member = device number or robot serial, score = epoch ms of the last beat.
 */
public final class Presence {
    public static final String DEVICES = "sb:presence:devices";
    public static final String ROBOTS = "sb:presence:robots";

    private Presence() {}
}
