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
    /** An engine's login certificate (LINE_WS after a first email login), encrypted: data {@code {"certEnc"}}. */
    public static final String ROBOT_CERT_ISSUED = "robot.cert.issued";
    /** A first LINE_WS email login shows a PIN to type on the phone: data {@code {"pin"}}. */
    public static final String ROBOT_LOGIN_PIN_REQUIRED = "robot.login.pin_required";
    /** The robot's link changed state (docs/ENGINES.md): data {@code {"protocol","state","since","lastError"}}. */
    public static final String ROBOT_LINK_CHANGED = "robot.link.changed";
    /** A message the robot received, from any protocol (docs/EVENTS.md has the normalised fields). */
    public static final String MESSAGE_RECEIVED = "message.received";
    /** A message the robot sent for a {@code sendMessage}/{@code sendGroupMessage} command (docs/MESSAGING.md). */
    public static final String MESSAGE_SENT = "message.sent";
    // Friends and groups (docs/SOCIAL.md has each data shape): contacts.* → account-service, group(s).* → group-service.
    public static final String CONTACTS_LISTED = "contacts.listed";
    public static final String CONTACT_ADDED = "contact.added";
    public static final String CONTACTS_SYNCED = "contacts.synced";
    public static final String CONTACT_CHANGED = "contact.changed";
    public static final String GROUP_CREATED = "group.created";
    public static final String GROUP_INFO = "group.info";
    public static final String GROUPS_LISTED = "groups.listed";
    public static final String GROUP_INVITED = "group.invited";
    public static final String GROUP_QUIT = "group.quit";
    public static final String GROUP_UPDATED = "group.updated";
    public static final String GROUP_CHANGED = "group.changed";
    public static final String COMMAND_SUCCEEDED = "command.succeeded";
    public static final String COMMAND_FAILED = "command.failed";

    // sb:merchant-events — domain service → callback-service (webhooks, live stream)
    /** data: {@link MerchantNotification}. */
    public static final String MERCHANT_NOTIFICATION = "merchant.notification";
}
