package io.switchboard.group.rest.operation;

import static io.switchboard.common.api.ErrorCode.CONFLICT;
import static io.switchboard.common.api.ErrorCode.DEPENDENCY_UNAVAILABLE;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.client.RobotAccess;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import io.switchboard.group.service.GroupCommands;
import io.switchboard.group.service.GroupService;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@OpenApiOp(name = "inviteFriendsToGroup", summary = "Invite friends into one of the robot's groups (asynchronous; "
        + "result: webhook 2006)",
        description = "Exactly one of vcFriendSerialNo (one friend) and vcFriendSerialNos (1-100 friends), as the "
                + "seed says (二选一).",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, NOT_FOUND, CONFLICT, DEPENDENCY_UNAVAILABLE})
public class InviteFriendsToGroupOperation implements OpenApiOperation<InviteFriendsToGroupOperation.Data> {
    public static final String NAME = "inviteFriendsToGroup";

    @RegisterForReflection
    public record Data(
            @Schema(description = "the robot's serial") @NotBlank @Size(max = 256) String vcRobotSerialNo,
            @Schema(description = "the group (messenger id)") @NotBlank @Size(max = 256) String vcGroupSerialNo,
            @Schema(description = "one friend (messenger id); or vcFriendSerialNos") @Size(max = 256)
            String vcFriendSerialNo,
            @Schema(description = "1-100 friends (messenger ids); or vcFriendSerialNo")
            @Size(min = 1, max = GroupService.MAX_MEMBERS) @JsonDeserialize(contentUsing = StrictText.class)
            List<@NotBlank @Size(max = 256) String> vcFriendSerialNos) {
        public List<String> friends() {
            return vcFriendSerialNo != null ? List.of(vcFriendSerialNo) : vcFriendSerialNos;
        }
    }

    @Inject
    RobotAccess access;
    @Inject
    GroupService groups;

    @Override
    public GroupCommands.Accepted handle(OpenApiCall call, Data data) {
        if ((data.vcFriendSerialNo() == null) == (data.vcFriendSerialNos() == null)) { // before any look-up
            throw new ApiException(data.vcFriendSerialNo() == null ? ErrorCode.MISSING_PARAMETER
                    : ErrorCode.INVALID_PARAMETER, "data must have exactly one of vcFriendSerialNo and vcFriendSerialNos");
        }
        var robot = access.owned(call.merchantId(), data.vcRobotSerialNo(), NAME);
        return groups.invite(call.serialNo(), robot, data.vcGroupSerialNo(), data.friends());
    }
}
