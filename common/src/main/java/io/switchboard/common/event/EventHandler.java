package io.switchboard.common.event;

/**
 * Consumes one stream for this service. {@link #handle} runs inside the transaction that records the event as
 * processed, so its effects and the dedup record commit together; throwing leaves the entry pending for a retry.
 */
public interface EventHandler {
    String stream();

    void handle(EventEnvelope event);
}
