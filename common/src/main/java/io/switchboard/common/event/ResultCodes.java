package io.switchboard.common.event;

/**
 * The webhook's {@code nResultCode} values (0 = success; any other value comes with the reason in
 * {@code vcResultMsg}). One catalogue for every service; docs/EVENTS.md lists them.
 */
public final class ResultCodes {
    public static final int OK = 0;
    /** A login failed: the device reported it, its command failed or timed out, or account-service's own deadline passed. */
    public static final int LOGIN_FAILED = 1;
    /** A command other than a login failed (the reason says why). */
    public static final int COMMAND_FAILED = 2;
    /** Sent with {@link WebhookTypes#LOGIN} while logging in: the merchant must call submitPhoneCode. */
    public static final int PHONE_CODE_REQUIRED = 10;
    /** Sent with {@link WebhookTypes#LOGIN} while logging in: a PIN ({@code data.pin}) must be typed on the phone. */
    public static final int PIN_REQUIRED = 11;

    private ResultCodes() {}
}
