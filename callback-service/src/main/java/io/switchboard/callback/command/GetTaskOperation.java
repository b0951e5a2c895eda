package io.switchboard.callback.command;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code getTask} {"vcSerialNo"}: the status and result of any command, for its merchant only. callback-service
 * answers because it owns commands (DESIGN §2).
 */
@ApplicationScoped
public class GetTaskOperation implements OpenApiOperation {
    @Inject
    CommandStore store;
    @Inject
    CommandViews views;

    @Override
    public String name() {
        return "getTask";
    }

    @Override
    public Object handle(OpenApiCall call) {
        String serialNo = call.requireText("vcSerialNo", 64);
        CommandRecord c = QuarkusTransaction.requiringNew().call(() -> store.find(serialNo).orElse(null));
        if (c == null) {
            throw new ApiException(ErrorCode.NOT_FOUND, "task '" + serialNo + "' not found");
        }
        call.requireOwner(c.merchantId, "task '" + serialNo + "'");
        return views.task(c);
    }
}
