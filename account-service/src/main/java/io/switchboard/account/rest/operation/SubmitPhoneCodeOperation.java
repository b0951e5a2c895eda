package io.switchboard.account.rest.operation;

import static io.switchboard.common.api.ErrorCode.CONFLICT;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.account.service.RobotLoginService;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@OpenApiOp(name = "submitPhoneCode", summary = "The SMS code a logging-in robot asked for (webhook 1001, nResultCode 10)",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, CONFLICT})
public class SubmitPhoneCodeOperation implements OpenApiOperation<SubmitPhoneCodeOperation.Data> {
    @Inject
    RobotLoginService logins;

    @RegisterForReflection
    public record Data(
            @Schema(description = "the robot, which must be logging in") @NotBlank @Size(max = 256) String vcRobotSerialNo,
            @Schema(description = "the SMS code", example = "3533")
            @NotBlank @Pattern(regexp = "[A-Za-z0-9]{4,10}", message = "must be 4-10 letters or digits") String code) {}

    @Override
    public Map<String, String> handle(OpenApiCall call, Data data) {
        return logins.submitPhoneCode(call.merchantId(), data.vcRobotSerialNo(), data.code());
    }
}
