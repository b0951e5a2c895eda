package io.switchboard.group.rest.operation;

import static io.switchboard.common.api.ErrorCode.DEPENDENCY_UNAVAILABLE;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import io.switchboard.group.service.GroupCommands;
import io.switchboard.group.service.GroupService;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@OpenApiOp(name = "searchGroup", summary = "Find a group by its link or its id (asynchronous; result: "
        + "getTask)",
        description = "Exactly one of url and id; each is a variant of searchGroup in docs/PROTOCOLS.md "
                + "(searchGroup.url, searchGroup.id). Result {\"groups\":[group…]} through getTask; no webhook "
                + "(docs/SOCIAL.md).",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, DEPENDENCY_UNAVAILABLE})
public class SearchGroupOperation extends ExtraGroupOperation
        implements OpenApiOperation<SearchGroupOperation.Data> {
    @RegisterForReflection
    public record Data(
            @Schema(description = "the robot's serial") @NotBlank @Size(max = 256) String vcRobotSerialNo,
            @Schema(description = "the group's link, an http(s) URL (variant url); or id")
            @Size(max = 2048) @Pattern(regexp = GroupService.HTTP_URL, message = GroupService.HTTP_URL_MESSAGE)
            String url,
            @Schema(description = "the group's messenger id (variant id); or url") @Size(max = 256) String id) {}

    @Override
    public GroupCommands.Queued handle(OpenApiCall call, Data data) {
        if ((data.url() == null) == (data.id() == null)) { // before any look-up
            throw new ApiException(data.url() == null ? ErrorCode.MISSING_PARAMETER : ErrorCode.INVALID_PARAMETER,
                    "data must have exactly one of url and id");
        }
        String variant = data.url() != null ? "url" : "id";
        return queue(call, data.vcRobotSerialNo(), List.of(variant), false,
                Map.of(variant, data.url() != null ? data.url() : data.id()));
    }
}
