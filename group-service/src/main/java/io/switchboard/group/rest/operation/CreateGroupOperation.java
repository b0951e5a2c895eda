package io.switchboard.group.rest.operation;

import static io.switchboard.common.api.ErrorCode.DEPENDENCY_UNAVAILABLE;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.client.RobotAccess;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import io.switchboard.group.service.GroupCommands;
import io.switchboard.group.service.GroupService;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@OpenApiOp(name = "createGroup", summary = "Create a group with friends (asynchronous; result: webhook 2001)",
        description = "Members are the robot's friends by messenger id (docs/SOCIAL.md); 1-100 per call, repeats "
                + "counted once. The answer says the command was accepted; the group arrives with webhook 2001.",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, DEPENDENCY_UNAVAILABLE})
public class CreateGroupOperation implements OpenApiOperation<CreateGroupOperation.Data> {
    public static final String NAME = "createGroup";

    @RegisterForReflection
    public record Data(
            @Schema(description = "the robot's serial") @NotBlank @Size(max = 256) String vcRobotSerialNo,
            @Schema(description = "the group's name") @NotBlank @Size(max = 256) String vcGroupName,
            @Schema(description = "the friends to put in the group (messenger ids), 1-100")
            @NotEmpty @Size(min = 1, max = GroupService.MAX_MEMBERS) @JsonDeserialize(contentUsing = StrictText.class)
            List<@NotBlank @Size(max = 256) String> vcFriendSerialNoList) {}

    @Inject
    RobotAccess access;
    @Inject
    GroupService groups;

    @Override
    public GroupCommands.Accepted handle(OpenApiCall call, Data data) {
        var robot = access.owned(call.merchantId(), data.vcRobotSerialNo(), NAME);
        return groups.create(call.serialNo(), robot, data.vcGroupName(), data.vcFriendSerialNoList());
    }
}
