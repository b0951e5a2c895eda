package io.switchboard.account.rest.operation;

import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;

import io.switchboard.account.mapping.RobotViews.RobotView;
import io.switchboard.account.service.RobotQueryService;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.inject.Inject;

@OpenApiOp(name = "getRobot", summary = "One robot of the caller", errors = {ROBOT_NOT_FOUND, FORBIDDEN})
public class GetRobotOperation implements OpenApiOperation<RobotSerialData> {
    @Inject
    RobotQueryService robots;

    @Override
    public RobotView handle(OpenApiCall call, RobotSerialData data) {
        return robots.get(call.merchantId(), data.vcRobotSerialNo());
    }
}
