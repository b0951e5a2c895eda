package io.switchboard.account.rest.operation;

import static io.switchboard.common.api.ErrorCode.CONFLICT;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.account.mapping.ContactViews.TaskAccepted;
import io.switchboard.account.service.ContactService;
import io.switchboard.account.service.ContactTask;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code getFriendRequests}: the friend requests the robot received; the result is read with getTask. */
@OpenApiOp(name = "getFriendRequests", summary = "The friend requests the robot received (asynchronous; result: "
        + "getTask)",
        description = "CHAT68_WS and IM_HTTP. The robot must be online or limited. No webhook: read the result with "
                + "getTask and the answer's vcSerialNo (data.result: {\"requests\":[{\"userId\",\"userName\","
                + "\"message\",…}]}).",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, CONFLICT})
public class GetFriendRequestsOperation implements OpenApiOperation<GetFriendRequestsOperation.Data> {
    public static final String NAME = "getFriendRequests";

    @RegisterForReflection
    public record Data(@Schema(description = "the robot's serial") @NotBlank @Size(max = 256) String vcRobotSerialNo)
            implements ContactTask {
        @Override
        public Map<String, Object> content() {
            return Map.of();
        }
    }

    @Inject
    ContactService contacts;

    @Override
    public TaskAccepted handle(OpenApiCall call, Data data) {
        return contacts.task(call.merchantId(), call.serialNo(), NAME, data);
    }
}
