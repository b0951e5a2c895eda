package io.switchboard.account.rest.operation;

import io.switchboard.account.service.RobotLoginService;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@code logout}: data {@code {"vcRobotSerialNo"}}; the result is webhook 1004. */
@ApplicationScoped
public class LogoutOperation implements OpenApiOperation {
    @Inject
    RobotLoginService logins;

    @Override
    public String name() { return "logout"; }

    @Override
    public Object handle(OpenApiCall call) {
        return logins.logout(call.merchantId(), call.serialNo(), call.requireText("vcRobotSerialNo", 256));
    }
}
