package io.switchboard.group.rest.operation;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOperation;
import io.switchboard.group.service.GroupCommands;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The extra operations that name one group and nothing else: {@code {"groupId"}} is queued. Each subclass is one
 * operation with its own {@code @OpenApiOp}.
 */
public abstract class OneGroupOperation extends ExtraGroupOperation
        implements OpenApiOperation<OneGroupOperation.Data> {
    /** The invitations name a group the robot is not in yet, so the store need not know it. */
    static final String INVITATION = "The group is named by its messenger id from the invitation; the store need "
            + "not know it yet (the robot is not in it). Result {\"groupId\"} through getTask; no webhook "
            + "(docs/SOCIAL.md).";

    @RegisterForReflection
    public record Data(
            @Schema(description = "the robot's serial") @NotBlank @Size(max = 256) String vcRobotSerialNo,
            @Schema(description = "the group (messenger id)") @NotBlank @Size(max = 256) String vcGroupSerialNo) {}

    /** Whether the group must be a stored one the robot is in (404/409 otherwise). */
    boolean storedGroup() {
        return false;
    }

    @Override
    public GroupCommands.Queued handle(OpenApiCall call, Data data) {
        return queue(call, data.vcRobotSerialNo(), List.of(), storedGroup(), Map.of("groupId", data.vcGroupSerialNo()));
    }
}
