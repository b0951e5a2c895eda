package io.switchboard.group.rest.operation;

import static io.switchboard.common.api.ErrorCode.CONFLICT;
import static io.switchboard.common.api.ErrorCode.DEPENDENCY_UNAVAILABLE;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.client.RobotAccess;
import io.switchboard.common.gate.MultiLine;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import io.switchboard.group.service.GroupCommands;
import io.switchboard.group.service.GroupService;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.validator.constraints.Range;

@OpenApiOp(name = "updateGroup", summary = "Change a group's settings (asynchronous; result: webhook 2002 with the "
        + "updated group)",
        description = "At least one field. Each field is a variant of updateGroup in docs/PROTOCOLS.md "
                + "(vcGroupName → updateGroup.name, notice, picture, muteAll, muteMember, joinByUrl, notifications, "
                + "robotNickname); a request with any field the robot's protocol lacks is refused as a whole (40011).",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, NOT_FOUND, CONFLICT, DEPENDENCY_UNAVAILABLE})
public class UpdateGroupOperation implements OpenApiOperation<UpdateGroupOperation.Data> {
    public static final String NAME = "updateGroup";
    /** How long one member may be muted: 30 days (68chat's shutupTime is in seconds; 0 lifts the mute). */
    public static final long MAX_MUTE_SECONDS = 2_592_000;

    @RegisterForReflection
    public record MuteMember(
            @Schema(description = "the member (messenger id)") @NotBlank @Size(max = 256) String userId,
            @Schema(description = "seconds to mute, 0 lifts the mute; at most 2,592,000 (30 days)")
            @NotNull @Range(min = 0, max = MAX_MUTE_SECONDS) Long seconds) {}

    @RegisterForReflection
    public record Data(
            @Schema(description = "the robot's serial") @NotBlank @Size(max = 256) String vcRobotSerialNo,
            @Schema(description = "the group (messenger id)") @NotBlank @Size(max = 256) String vcGroupSerialNo,
            @Schema(description = "new name (variant name)") @Size(max = 256) String vcGroupName,
            @Schema(description = "new notice (variant notice)") @MultiLine @Size(max = 1000) String notice,
            @Schema(description = "new picture, an http(s) URL (variant picture)")
            @Size(max = 2048) @Pattern(regexp = GroupService.HTTP_URL, message = GroupService.HTTP_URL_MESSAGE)
            String picture,
            @Schema(description = "mute everyone but admins (variant muteAll)") Boolean muteAll,
            @Schema(description = "mute one member (variant muteMember)") @Valid MuteMember muteMember,
            @Schema(description = "joining by link/QR allowed (variant joinByUrl)") Boolean joinByUrl,
            @Schema(description = "the robot's notifications for the group (variant notifications)") Boolean notifications,
            @Schema(description = "the robot's nickname in the group (variant robotNickname)") @Size(max = 256)
            String robotNickname) {
        /** The command content's changes by variant name (docs/SOCIAL.md), in a stable order. */
        public Map<String, Object> changes() {
            Map<String, Object> c = new LinkedHashMap<>();
            put(c, "name", vcGroupName);
            put(c, "notice", notice);
            put(c, "picture", picture);
            put(c, "muteAll", muteAll);
            put(c, "muteMember", muteMember == null ? null
                    : Map.of("userId", muteMember.userId(), "seconds", muteMember.seconds()));
            put(c, "joinByUrl", joinByUrl);
            put(c, "notifications", notifications);
            put(c, "robotNickname", robotNickname);
            return c;
        }

        private static void put(Map<String, Object> m, String k, Object v) {
            if (v != null) {
                m.put(k, v);
            }
        }
    }

    @Inject
    RobotAccess access;
    @Inject
    GroupService groups;

    @Override
    public GroupCommands.Accepted handle(OpenApiCall call, Data data) {
        Map<String, Object> changes = data.changes();
        if (changes.isEmpty()) { // checked here, not in the record, so that an unknown field is named first
            throw new ApiException(ErrorCode.MISSING_PARAMETER, "data must change at least one of vcGroupName, "
                    + "notice, picture, muteAll, muteMember, joinByUrl, notifications, robotNickname");
        }
        // Every field is a variant, checked before anything is queued (docs/PROTOCOLS.md).
        var robot = access.owned(call.merchantId(), data.vcRobotSerialNo(), NAME, changes.keySet());
        return groups.update(call.serialNo(), robot, data.vcGroupSerialNo(), changes);
    }
}
