package io.switchboard.common.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** Bodies of account-service's internal API (see {@link AccountInternalClient}). */
public final class InternalViews {
    private InternalViews() {}

    /** A registered device and the key its requests are signed with (MD5, DESIGN §4). */
    @RegisterForReflection // Jackson reads and writes it by reflection (also in a native image)
    public record DeviceView(String deviceNo, String merchantId, String deviceKey, boolean active) {}

    /**
     * Who owns a robot and how it is reached. {@code state} is the RobotState code; {@code userId} is the robot's
     * own messenger id (known after its first login; message-service names the sender of a send result with it).
     */
    @RegisterForReflection // Jackson reads and writes it by reflection (also in a native image)
    public record RobotRef(String robotSerialNo, String merchantId, String protocol, int state, String deviceNo,
                           String phone, String userId) {
        @JsonCreator // the canonical constructor is the one Jackson uses
        public RobotRef {
        }

        /** A robot whose messenger id is not known (yet). */
        public RobotRef(String robotSerialNo, String merchantId, String protocol, int state, String deviceNo,
                        String phone) {
            this(robotSerialNo, merchantId, protocol, state, deviceNo, phone, null);
        }
    }

    /**
     * A group's LINE link info, from group-service's {@code GET /internal/groups/{robot}/{groupId}}: what a LINE
     * device needs to send to the group (seed 000 cmd 10007 {@code group_info}). The link fields are null when the
     * robot never reported them.
     */
    @RegisterForReflection // Jackson reads and writes it by reflection (also in a native image)
    public record GroupLinkInfo(String groupId, String groupKey, Long groupTagB, String ownerUserId, Long ownerTagB,
                                String groupName) {}

    /** An SMS code the merchant submitted, handed out once. */
    @RegisterForReflection // Jackson reads and writes it by reflection (also in a native image)
    public record PhoneCode(String code) {}

    /**
     * Take the code of login {@code serialNo}. {@code requestId} makes the take safe to retry: account-service
     * remembers which request took a code and answers the same code to that request id again. Without one
     * (older callers) a code is handed out once and a retry after a lost answer finds nothing.
     */
    @RegisterForReflection // Jackson reads and writes it by reflection (also in a native image)
    public record TakePhoneCode(String serialNo, String requestId) {
        public TakePhoneCode(String serialNo) {
            this(serialNo, null);
        }
    }

    /** Where and how to deliver a merchant's webhooks; several secrets may be active during rotation. */
    @RegisterForReflection // Jackson reads and writes it by reflection (also in a native image)
    public record WebhookTarget(String merchantId, String callbackUrl, List<String> secrets, boolean active) {}
}
