package io.switchboard.message.rest.operation;

import static io.switchboard.common.api.ErrorCode.NOT_FOUND;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import io.switchboard.message.mapping.MessageViews.MessageView;
import io.switchboard.message.service.MessageService;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@OpenApiOp(name = "getMessage", summary = "One outbound message: its state, reason and times",
        description = "By the vcSerialNo sendMessage/sendGroupMessage answered. Another merchant's message is not "
                + "found (404), never forbidden: a serial says nothing to a stranger.",
        errors = {NOT_FOUND})
public class GetMessageOperation implements OpenApiOperation<GetMessageOperation.Data> {
    @RegisterForReflection
    public record Data(
            @Schema(description = "the message's serial (the send call's vcSerialNo)")
            @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+",
                    message = "must be letters, digits, '.', '_' or '-'") String vcSerialNo) {}

    @Inject
    MessageService messages;

    @Override
    public MessageView handle(OpenApiCall call, Data data) {
        return messages.get(call.merchantId(), data.vcSerialNo());
    }
}
