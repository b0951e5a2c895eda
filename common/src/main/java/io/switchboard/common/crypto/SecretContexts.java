package io.switchboard.common.crypto;

/**
 * Associated-data contexts for {@link SecretCipher}, shared by all services. A context names the secret and its
 * owner, not a table, so a ciphertext can travel (e.g. callback-service → account-service in a robot event) and
 * be stored as is, yet cannot be swapped for another robot's or another field's.
 */
public final class SecretContexts {
    private SecretContexts() {}

    public static String merchantDeviceKey(String merchantId) { return "merchant.device_key:" + merchantId; }

    public static String merchantWebhookSecret(String merchantId) { return "merchant.webhook_secret:" + merchantId; }

    public static String robotPassword(String robotSerialNo) { return "robot.password:" + robotSerialNo; }

    public static String robotCacheInfo(String robotSerialNo) { return "robot.cache_info:" + robotSerialNo; }

    public static String robotSocks5(String robotSerialNo) { return "robot.socks5:" + robotSerialNo; }

    /** LINE_WS: the certificate a first email login issued, reused by the next logins. */
    public static String robotCert(String robotSerialNo) { return "robot.cert:" + robotSerialNo; }

    /** LINE_WS: the auth token of a token login. */
    public static String robotAuthToken(String robotSerialNo) { return "robot.auth_token:" + robotSerialNo; }

    /** Engine proxy settings (server, port, user, password). */
    public static String robotProxy(String robotSerialNo) { return "robot.proxy:" + robotSerialNo; }

    /** An SMS code the merchant submitted for the robot's login. */
    public static String robotPhoneCode(String robotSerialNo) { return "robot.phone_code:" + robotSerialNo; }

    /** The content of a command (it may carry login secrets), in the command stream and in callback's table. */
    public static String commandContent(String serialNo) { return "command.content:" + serialNo; }
}
