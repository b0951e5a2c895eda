package io.switchboard.group.rest.operation;

import static io.switchboard.common.api.ErrorCode.DEPENDENCY_UNAVAILABLE;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.client.RobotAccess;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import io.switchboard.group.service.GroupService;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.validator.constraints.Range;

@OpenApiOp(name = "getGroupList", summary = "The robot's groups from the store, a page at a time by group id; "
        + "refresh=true also asks the robot (webhook 2003)",
        description = "Answers at once from the store: the groups the robot is in, ordered by vcGroupId, `limit` per "
                + "page (1-500, default 100); the next page is `after` = the answer's `nextAfter` (null on the last "
                + "page), so a list that changes while it is paged never skips or repeats a group (memberJoinTime is "
                + "null in the list; getGroupInfo gives members). With refresh=true the robot is asked for its "
                + "complete list, which replaces the stored one (groups it no longer names are marked left) and "
                + "arrives as webhook 2003.",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, DEPENDENCY_UNAVAILABLE})
public class GetGroupListOperation implements OpenApiOperation<GetGroupListOperation.Data> {
    public static final String NAME = "getGroupList";

    @RegisterForReflection
    public record Data(
            @Schema(description = "the robot's serial") @NotBlank @Size(max = 256) String vcRobotSerialNo,
            @Schema(description = "also ask the robot for its complete list (webhook 2003)", defaultValue = "false")
            Boolean refresh,
            @Schema(description = "groups per page", defaultValue = "100") @Range(min = 1, max = 500) Integer limit,
            @Schema(description = "the previous answer's nextAfter (a vcGroupId); absent: the first page")
            @Size(max = 256) String after) {
        public Data {
            refresh = refresh != null && refresh;
            limit = limit == null ? 100 : limit;
        }
    }

    @Inject
    RobotAccess access;
    @Inject
    GroupService groups;

    @Override
    public GroupService.GroupPage handle(OpenApiCall call, Data data) {
        // The protocol matters only when the robot is asked; reading the store is fine on every protocol.
        var robot = data.refresh() ? access.owned(call.merchantId(), data.vcRobotSerialNo(), NAME)
                : access.owned(call.merchantId(), data.vcRobotSerialNo());
        return groups.list(call.serialNo(), robot, data.refresh(), data.after(), data.limit());
    }
}
