package io.switchboard.message.model;

/** An outbound message's state ({@code nState} / {@code vcState}, docs/MESSAGING.md). */
public enum MessageState {
    QUEUED, DISPATCHED, SENT, FAILED;

    public int code() {
        return ordinal();
    }

    public static MessageState of(int code) {
        return values()[code];
    }

    public boolean finished() {
        return this == SENT || this == FAILED;
    }
}
