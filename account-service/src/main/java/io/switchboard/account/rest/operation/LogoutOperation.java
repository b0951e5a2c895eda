package io.switchboard.account.rest.operation;

import static io.switchboard.common.api.ErrorCode.CONFLICT;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;

import io.switchboard.account.service.RobotLoginService;
import io.switchboard.account.service.RobotLoginService.Accepted;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.inject.Inject;

@OpenApiOp(name = "logout", summary = "Log a robot out (asynchronous; result: webhook 1004)",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, CONFLICT})
public class LogoutOperation implements OpenApiOperation<RobotSerialData> {
    @Inject
    RobotLoginService logins;

    @Override
    public Accepted handle(OpenApiCall call, RobotSerialData data) {
        return logins.logout(call.merchantId(), call.serialNo(), data.vcRobotSerialNo());
    }
}
