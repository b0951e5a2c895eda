package io.switchboard.callback.presence;

/**
 * callback-service's Redis keys besides the shared {@code Presence} sets and the link keys of
 * {@code link.LinkLeases}; listed so the key space is visible in one place (docs/ARCHITECTURE.md describes each).
 */
public final class PresenceKeys {
    /** String with NX PX: one offline sweep at a time across replicas. */
    public static final String SWEEPER_LOCK = "sb:lock:robot-sweeper";

    private PresenceKeys() {}
}
