package io.switchboard.group.rest.operation;

import static io.switchboard.common.api.ErrorCode.DEPENDENCY_UNAVAILABLE;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import io.switchboard.group.service.GroupCommands;
import io.switchboard.group.service.GroupService;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@OpenApiOp(name = "joinGroupByUrl", summary = "Join a group through its link (asynchronous; result: "
        + "getTask)",
        description = "The robot is not in the group yet, so the store need not know it. vcGroupSerialNo is "
                + "optional (LINE_WS's JoinGroupByUrl sends it with the URL when given). Result {\"groupId\"} "
                + "through getTask; no webhook (docs/SOCIAL.md).",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, DEPENDENCY_UNAVAILABLE})
public class JoinGroupByUrlOperation extends ExtraGroupOperation
        implements OpenApiOperation<JoinGroupByUrlOperation.Data> {
    @RegisterForReflection
    public record Data(
            @Schema(description = "the robot's serial") @NotBlank @Size(max = 256) String vcRobotSerialNo,
            @Schema(description = "the group's link, an http(s) URL")
            @NotBlank @Size(max = 2048) @Pattern(regexp = GroupService.HTTP_URL, message = GroupService.HTTP_URL_MESSAGE)
            String url,
            @Schema(description = "the group (messenger id), when known") @Size(max = 256) String vcGroupSerialNo) {}

    @Override
    public GroupCommands.Queued handle(OpenApiCall call, Data data) {
        Map<String, String> content = new HashMap<>(); // groupId may be null: Map.of refuses it, queue drops it
        content.put("url", data.url());
        content.put("groupId", data.vcGroupSerialNo());
        return queue(call, data.vcRobotSerialNo(), List.of(), false, content);
    }
}
