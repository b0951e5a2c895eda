package io.switchboard.account.rest.operation;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.account.mapping.RobotViews.RobotPage;
import io.switchboard.account.service.RobotQueryService;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.validator.constraints.Range;

@OpenApiOp(name = "listRobots", summary = "The caller's robots, one page at a time")
public class ListRobotsOperation implements OpenApiOperation<ListRobotsOperation.Data> {
    @Inject
    RobotQueryService robots;

    @RegisterForReflection
    public record Data(
            @Schema(description = "page number", defaultValue = "1") @Range(min = 1, max = 1_000_000) Integer page,
            @Schema(description = "robots per page", defaultValue = "20") @Range(min = 1, max = 100) Integer pageSize,
            // 0..5 are RobotState's codes.
            @Schema(description = "only robots in this state (0 online … 5 logged out); -1 or absent: all",
                    defaultValue = "-1") @Range(min = -1, max = 5) Integer nState) {
        public Data {
            page = page == null ? 1 : page;
            pageSize = pageSize == null ? 20 : pageSize;
            nState = nState == null ? -1 : nState;
        }
    }

    @Override
    public RobotPage handle(OpenApiCall call, Data data) {
        return robots.list(call.merchantId(), data.nState() < 0 ? null : data.nState().shortValue(), data.page(),
                data.pageSize());
    }
}
