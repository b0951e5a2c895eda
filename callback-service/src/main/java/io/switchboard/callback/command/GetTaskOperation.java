package io.switchboard.callback.command;

import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.NOT_FOUND;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.callback.command.CommandViews.TaskView;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code getTask}: the status and result of any command, for its merchant only. callback-service answers because
 * it owns commands (DESIGN §2).
 */
@OpenApiOp(name = "getTask", summary = "The status and result of a command, by the vcSerialNo its call answered",
        errors = {NOT_FOUND, FORBIDDEN})
public class GetTaskOperation implements OpenApiOperation<GetTaskOperation.Data> {
    @Inject
    CommandStore store;
    @Inject
    CommandViews views;

    @RegisterForReflection
    public record Data(
            @Schema(description = "the vcSerialNo of the call that queued the command")
            @NotBlank @Size(max = 64)
            @Pattern(regexp = "[A-Za-z0-9._-]+", message = "may hold only letters, digits, '.', '_' and '-'")
            String vcSerialNo) {}

    @Override
    public TaskView handle(OpenApiCall call, Data data) {
        String serialNo = data.vcSerialNo();
        CommandRecord c = QuarkusTransaction.requiringNew().call(() -> store.find(serialNo).orElse(null));
        if (c == null) {
            throw new ApiException(ErrorCode.NOT_FOUND, "task '" + serialNo + "' not found");
        }
        call.requireOwner(c.merchantId, "task '" + serialNo + "'");
        return views.task(c);
    }
}
