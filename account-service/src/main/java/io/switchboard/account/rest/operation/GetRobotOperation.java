package io.switchboard.account.rest.operation;

import io.switchboard.account.service.RobotQueryService;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@code getRobot}: data {@code {"vcRobotSerialNo"}} (at most 256 characters). */
@ApplicationScoped
public class GetRobotOperation implements OpenApiOperation {
    @Inject
    RobotQueryService robots;

    @Override
    public String name() { return "getRobot"; }

    @Override
    public Object handle(OpenApiCall call) {
        return robots.get(call.merchantId(), call.requireText("vcRobotSerialNo", 256));
    }
}
