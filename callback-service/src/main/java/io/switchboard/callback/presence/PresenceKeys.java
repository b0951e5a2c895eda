package io.switchboard.callback.presence;

/**
 * callback-service's Redis keys besides the shared {@code Presence} sets; listed together so the key space is
 * visible in one place (docs/LINE_DEVICE.md describes each).
 */
public final class PresenceKeys {
    /** Hash: robot serial → merchant id, so a lost heartbeat can name the merchant without a lookup. */
    public static final String ROBOT_MERCHANT = "sb:robot:merchant";
    /** Set: robots reported lost; a heartbeat that finds its robot here reports it resumed. */
    public static final String LOST = "sb:presence:lost";
    /** String with PX: which replica holds the device's push socket. */
    public static final String DEVICE_OWNER_PREFIX = "sb:device:owner:";
    /** Pub/sub channel of one replica: messages are device numbers whose pending commands it should push. */
    public static final String REPLICA_CHANNEL_PREFIX = "sb:replica:";
    /** String with NX PX: one offline sweep at a time across replicas. */
    public static final String SWEEPER_LOCK = "sb:lock:robot-sweeper";

    private PresenceKeys() {}

    public static String deviceOwner(String deviceNo) { return DEVICE_OWNER_PREFIX + deviceNo; }

    public static String replicaChannel(String replicaId) { return REPLICA_CHANNEL_PREFIX + replicaId; }
}
