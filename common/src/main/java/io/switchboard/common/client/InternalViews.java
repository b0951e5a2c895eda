package io.switchboard.common.client;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** Bodies of account-service's internal API (see {@link AccountInternalClient}). */
public final class InternalViews {
    private InternalViews() {}

    /** A registered device and the key its requests are signed with (MD5, DESIGN §4). */
    @RegisterForReflection // Jackson reads and writes it by reflection (also in a native image)
    public record DeviceView(String deviceNo, String merchantId, String deviceKey, boolean active) {}

    /** Who owns a robot and how it is reached. {@code state} is the RobotState code. */
    @RegisterForReflection // Jackson reads and writes it by reflection (also in a native image)
    public record RobotRef(String robotSerialNo, String merchantId, String protocol, int state, String deviceNo,
                           String phone) {}

    /** An SMS code the merchant submitted, handed out once. */
    @RegisterForReflection // Jackson reads and writes it by reflection (also in a native image)
    public record PhoneCode(String code) {}

    @RegisterForReflection // Jackson reads and writes it by reflection (also in a native image)
    public record TakePhoneCode(String serialNo) {}

    /** Where and how to deliver a merchant's webhooks; several secrets may be active during rotation. */
    @RegisterForReflection // Jackson reads and writes it by reflection (also in a native image)
    public record WebhookTarget(String merchantId, String callbackUrl, List<String> secrets, boolean active) {}
}
