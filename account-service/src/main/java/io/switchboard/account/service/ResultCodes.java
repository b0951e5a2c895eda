package io.switchboard.account.service;

/** {@code nResultCode} values of webhooks sent by account-service (0 = success); listed in docs/EVENTS.md. */
public final class ResultCodes {
    public static final int LOGIN_FAILED = 1;
    public static final int COMMAND_FAILED = 2;
    /** 1001 sent while logging in: the device asked for an SMS code; the merchant must call submitPhoneCode. */
    public static final int PHONE_CODE_REQUIRED = 10;

    private ResultCodes() {}
}
