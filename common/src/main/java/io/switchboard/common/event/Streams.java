package io.switchboard.common.event;

/** Names of the platform's Redis streams (DESIGN §1, §6). */
public final class Streams {
    public static final String COMMANDS = "sb:commands";
    public static final String ROBOT_EVENTS = "sb:robot-events";
    public static final String MERCHANT_EVENTS = "sb:merchant-events";

    /** Stream entry field holding the envelope JSON. */
    public static final String FIELD_EVENT = "event";
    /** Stream entry field holding the event id, for operators reading the stream by hand. */
    public static final String FIELD_ID = "id";

    private Streams() {}
}
