package io.switchboard.group.rest.operation;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOperation;
import io.switchboard.group.service.GroupCommands;
import io.switchboard.group.service.GroupService;
import io.switchboard.group.service.RobotAccess;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The extra operations that name one group and nothing else (docs/SOCIAL.md "The extra operations"): the robot is
 * checked (404/403/503, then 40011 for its protocol) and {@code {"groupId"}} is queued; the result is read with
 * getTask. Each subclass is one operation with its own {@code @OpenApiOp}.
 */
public abstract class OneGroupOperation implements OpenApiOperation<OneGroupOperation.Data> {
    @RegisterForReflection
    public record Data(
            @Schema(description = "the robot's serial") @NotBlank @Size(max = 256) String vcRobotSerialNo,
            @Schema(description = "the group (messenger id)") @NotBlank @Size(max = 256) String vcGroupSerialNo) {}

    @Inject
    RobotAccess access;
    @Inject
    GroupService groups;

    /** The operation's name, as in its {@code @OpenApiOp}. */
    abstract String name();

    /** Whether the group must be one the store knows the robot is in (404/409 otherwise). */
    abstract boolean storedGroup();

    @Override
    public GroupCommands.Queued handle(OpenApiCall call, Data data) {
        var robot = access.owned(call.merchantId(), data.vcRobotSerialNo(), name());
        return groups.queue(call.serialNo(), robot, name(), storedGroup(), Map.of("groupId", data.vcGroupSerialNo()));
    }
}
