package io.switchboard.message.rest.operation;

import static io.switchboard.common.api.ErrorCode.CONFLICT;
import static io.switchboard.common.api.ErrorCode.DEPENDENCY_UNAVAILABLE;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import io.switchboard.message.mapping.MessageViews.Accepted;
import io.switchboard.message.model.TargetKind;
import io.switchboard.message.service.MessageService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@OpenApiOp(name = "sendMessage", summary = "Queue a message to a friend (asynchronous; result: webhook 1005)",
        description = SendOperation.DESCRIPTION + " The result arrives as webhook 1005 with optvcSerNo = vcSerialNo.",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, CONFLICT, DEPENDENCY_UNAVAILABLE})
public class SendMessageOperation extends SendOperation implements OpenApiOperation<SendMessageOperation.Data> {
    @RegisterForReflection
    public record Data(
            @Schema(description = "the robot's serial") @NotBlank @Size(max = 256) String vcRobotSerialNo,
            @Schema(description = "the friend (messenger user id)") @NotBlank @Size(max = 256) String vcFriendSerialNo,
            @Schema(description = "the message") @NotNull @Valid MessageContent content,
            @Schema(description = CLIENT_MSG_ID_DOC) @Size(min = 1, max = MessageService.MAX_CLIENT_MSG_ID)
            @Pattern(regexp = MessageService.CLIENT_MSG_ID, message = MessageService.CLIENT_MSG_ID_RULE)
            String vcClientMsgId) {}

    @Override
    public Accepted handle(OpenApiCall call, Data data) {
        return send(call, data.vcRobotSerialNo(), TargetKind.FRIEND, data.vcFriendSerialNo(), data.content(),
                data.vcClientMsgId());
    }
}
