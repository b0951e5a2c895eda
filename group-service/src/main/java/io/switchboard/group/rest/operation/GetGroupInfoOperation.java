package io.switchboard.group.rest.operation;

import static io.switchboard.common.api.ErrorCode.DEPENDENCY_UNAVAILABLE;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.client.RobotAccess;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import io.switchboard.group.service.GroupService;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@OpenApiOp(name = "getGroupInfo", summary = "Groups with their members: from the store now, fresh from the robot "
        + "in webhook 2002",
        description = "Answers the stored groups at once (data.groups, with memberJoinTime) and asks the robot for "
                + "them; the robot's answer updates the store and arrives as webhook 2002. 1-50 groups per call; every "
                + "group must be one of the robot's stored groups (404 otherwise).",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, NOT_FOUND, DEPENDENCY_UNAVAILABLE})
public class GetGroupInfoOperation implements OpenApiOperation<GetGroupInfoOperation.Data> {
    public static final String NAME = "getGroupInfo";

    @RegisterForReflection
    public record Data(
            @Schema(description = "the robot's serial") @NotBlank @Size(max = 256) String vcRobotSerialNo,
            @Schema(description = "the groups (messenger ids), 1-50")
            @NotEmpty @Size(min = 1, max = GroupService.MAX_INFO_GROUPS) @JsonDeserialize(contentUsing = StrictText.class)
            List<@NotBlank @Size(max = 256) String> vcGroupSerialNo) {}

    @Inject
    RobotAccess access;
    @Inject
    GroupService groups;

    @Override
    public GroupService.GroupInfoAnswer handle(OpenApiCall call, Data data) {
        var robot = access.owned(call.merchantId(), data.vcRobotSerialNo(), NAME);
        return groups.info(call.serialNo(), robot, data.vcGroupSerialNo());
    }
}
