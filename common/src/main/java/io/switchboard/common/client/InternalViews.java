package io.switchboard.common.client;

import java.util.List;

/** Bodies of account-service's internal API (see {@link AccountInternalClient}). */
public final class InternalViews {
    private InternalViews() {}

    /** A registered device and the key its requests are signed with (MD5, DESIGN §4). */
    public record DeviceView(String deviceNo, String merchantId, String deviceKey, boolean active) {}

    /** Who owns a robot and how it is reached. {@code state} is the RobotState code. */
    public record RobotRef(String robotSerialNo, String merchantId, String protocol, int state, String deviceNo,
                           String phone) {}

    /** An SMS code the merchant submitted, handed out once. */
    public record PhoneCode(String code) {}

    public record TakePhoneCode(String serialNo) {}

    /** Where and how to deliver a merchant's webhooks; several secrets may be active during rotation. */
    public record WebhookTarget(String merchantId, String callbackUrl, List<String> secrets, boolean active) {}
}
