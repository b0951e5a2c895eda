package io.switchboard.account.rest.operation;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code data} naming one robot: {@code getRobot}, {@code logout}. Seed 001: vcRobotSerialNo, string, 256. */
@RegisterForReflection
public record RobotSerialData(
        @Schema(description = "the robot's serial", example = "robot-0001")
        @NotBlank @Size(max = 256) String vcRobotSerialNo) {}
