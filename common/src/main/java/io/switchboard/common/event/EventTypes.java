package io.switchboard.common.event;

/**
 * The event catalogue (docs/EVENTS.md has each type's {@code data}). Producers and consumers name types only
 * through these constants.
 */
public final class EventTypes {
    private EventTypes() {}

    // sb:commands — domain service → callback-service
    /** data: {@link CommandRequest}. */
    public static final String COMMAND_REQUESTED = "command.requested";

    // sb:robot-events — callback-service → the owning domain service
    public static final String ROBOT_LOGIN_SUCCEEDED = "robot.login.succeeded";
    public static final String ROBOT_LOGIN_FAILED = "robot.login.failed";
    public static final String ROBOT_PHONE_CODE_REQUESTED = "robot.phone_code.requested";
    public static final String ROBOT_HEARTBEAT_LOST = "robot.heartbeat.lost";
    public static final String ROBOT_HEARTBEAT_RESUMED = "robot.heartbeat.resumed";
    public static final String ROBOT_LOGGED_OUT = "robot.logged_out";
    public static final String ROBOT_STATUS_CHANGED = "robot.status.changed";
    public static final String ROBOT_TOKEN_REFRESHED = "robot.token.refreshed";
    public static final String COMMAND_SUCCEEDED = "command.succeeded";
    public static final String COMMAND_FAILED = "command.failed";

    // sb:merchant-events — domain service → callback-service (webhooks, live stream)
    /** data: {@link MerchantNotification}. */
    public static final String MERCHANT_NOTIFICATION = "merchant.notification";
}
