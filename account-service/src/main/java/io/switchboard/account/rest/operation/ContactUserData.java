package io.switchboard.account.rest.operation;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.account.service.ContactTask;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code data} naming one user of a robot: {@code deleteFriend}, {@code acceptFriendRequest}; content {"userId"}. */
@RegisterForReflection
public record ContactUserData(
        @Schema(description = "the robot's serial") @NotBlank @Size(max = 256) String vcRobotSerialNo,
        @Schema(description = "the messenger's user id (LINE mid, 68chat uid, IM node address)")
        @NotBlank @Size(max = 256) String vcUserId) implements ContactTask {
    @Override
    public Map<String, Object> content() {
        return Map.of("userId", vcUserId);
    }
}
