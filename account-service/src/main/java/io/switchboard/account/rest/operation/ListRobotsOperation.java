package io.switchboard.account.rest.operation;

import io.switchboard.account.model.RobotState;
import io.switchboard.account.service.RobotQueryService;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code listRobots}: data {@code {"page" (1..), "pageSize" (1..100, default 20), "nState" (optional filter)}};
 * answers {@code {"robots":[…], "total", "page", "pageSize"}}.
 */
@ApplicationScoped
public class ListRobotsOperation implements OpenApiOperation {
    @Inject
    RobotQueryService robots;

    @Override
    public String name() { return "listRobots"; }

    @Override
    public Object handle(OpenApiCall call) {
        int page = call.optionalInt("page", 1, 1_000_000, 1);
        int pageSize = call.optionalInt("pageSize", 1, 100, 20);
        int state = call.optionalInt("nState", -1, RobotState.values().length - 1, -1);
        return robots.list(call.merchantId(), state < 0 ? null : (short) state, page, pageSize);
    }
}
