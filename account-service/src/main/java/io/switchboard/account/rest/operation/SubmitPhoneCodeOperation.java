package io.switchboard.account.rest.operation;

import io.switchboard.account.service.RobotLoginService;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@code submitPhoneCode}: data {@code {"vcRobotSerialNo","code"}} (code: 4–10 letters or digits). */
@ApplicationScoped
public class SubmitPhoneCodeOperation implements OpenApiOperation {
    @Inject
    RobotLoginService logins;

    @Override
    public String name() { return "submitPhoneCode"; }

    @Override
    public Object handle(OpenApiCall call) {
        String robot = call.requireText("vcRobotSerialNo", 256);
        String code = call.requireText("code", 10);
        if (!code.matches("[A-Za-z0-9]{4,10}")) {
            throw ApiException.invalid("data.code must be 4-10 letters or digits");
        }
        return logins.submitPhoneCode(call.merchantId(), robot, code);
    }
}
