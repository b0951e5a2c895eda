package io.switchboard.common.event;

/**
 * Consumes one stream for this service. {@link #handle} runs inside the transaction that records the event as
 * processed, so its effects and the dedup record commit together; throwing leaves the entry pending for a retry.
 */
public interface EventHandler {
    String stream();

    void handle(EventEnvelope event);

    /**
     * Whether this service owns the event. An event it does not own is acknowledged before any database work (no
     * {@code processed_event} row, no transaction), so a robot event fanned out to every service costs a write only
     * in the service that owns it. Decide from the envelope alone (type, and for {@code command.*} the operation).
     */
    default boolean wants(EventEnvelope event) {
        return true;
    }
}
