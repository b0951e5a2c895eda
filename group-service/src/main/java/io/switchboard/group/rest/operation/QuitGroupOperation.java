package io.switchboard.group.rest.operation;

import static io.switchboard.common.api.ErrorCode.CONFLICT;
import static io.switchboard.common.api.ErrorCode.DEPENDENCY_UNAVAILABLE;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.client.RobotAccess;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import io.switchboard.group.service.GroupCommands;
import io.switchboard.group.service.GroupService;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@OpenApiOp(name = "quitGroup", summary = "The robot leaves one of its groups (asynchronous; result: webhook 2005)",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, NOT_FOUND, CONFLICT, DEPENDENCY_UNAVAILABLE})
public class QuitGroupOperation implements OpenApiOperation<QuitGroupOperation.Data> {
    public static final String NAME = "quitGroup";

    /** Seed 001 names the group {@code group_id} here. */
    @RegisterForReflection
    public record Data(
            @Schema(description = "the robot's serial") @NotBlank @Size(max = 256) String vcRobotSerialNo,
            @Schema(description = "the group (messenger id)") @NotBlank @Size(max = 256) String group_id) {}

    @Inject
    RobotAccess access;
    @Inject
    GroupService groups;

    @Override
    public GroupCommands.Accepted handle(OpenApiCall call, Data data) {
        var robot = access.owned(call.merchantId(), data.vcRobotSerialNo(), NAME);
        return groups.quit(call.serialNo(), robot, data.group_id());
    }
}
