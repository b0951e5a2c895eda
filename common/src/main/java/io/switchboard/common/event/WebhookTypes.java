package io.switchboard.common.event;

/**
 * The merchant webhook types ({@code nType}, DESIGN §3; docs/WEBHOOKS.md and docs/EVENTS.md give each type's
 * {@code data}). Every service names a type only through these constants.
 */
public final class WebhookTypes {
    /** Login result; also sent while logging in to ask for an SMS code ({@link ResultCodes#PHONE_CODE_REQUIRED}). */
    public static final int LOGIN = 1001;
    public static final int ADD_FRIEND = 1002;
    public static final int FRIEND_LIST = 1003;
    public static final int LOGOUT = 1004;
    /** A message: inbound, or the result of an outbound send. */
    public static final int MESSAGE = 1005;
    public static final int SYNC_CONTACTS = 1006;
    /** Account state change: {@code nstate} 0 online, 1 offline, 2 banned, 3 limited. */
    public static final int ACCOUNT_STATE = 1007;
    public static final int GROUP_CREATED = 2001;
    public static final int GROUP_INFO = 2002;
    public static final int GROUP_LIST = 2003;
    public static final int GROUP_MESSAGE = 2004;
    /** The seed names 2004 twice and has no invite type; DESIGN §3 resolves it as 2005 quit, 2006 invite. */
    public static final int GROUP_QUIT = 2005;
    public static final int GROUP_INVITE = 2006;

    private WebhookTypes() {}
}
