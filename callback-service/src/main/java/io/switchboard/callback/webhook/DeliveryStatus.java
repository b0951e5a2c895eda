package io.switchboard.callback.webhook;

/** Life of a webhook delivery; docs/WEBHOOKS.md describes each state. */
public enum DeliveryStatus {
    /** Waiting for its next attempt (next_attempt_at). */
    PENDING,
    /** Claimed by a dispatcher; if that replica dies, the lease (next_attempt_at) runs out and another takes it. */
    DELIVERING,
    SUCCEEDED,
    /** The retry schedule is exhausted, or the merchant has nowhere to deliver to: a dead letter, replayable. */
    DEAD
}
