package io.switchboard.account.rest.operation;

import static io.switchboard.common.api.ErrorCode.CONFLICT;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.account.mapping.ContactViews.TaskAccepted;
import io.switchboard.account.service.ContactService;
import io.switchboard.account.service.ContactTask;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code updateContact}: a contact's settings, each field a variant; the result is read with getTask. */
@OpenApiOp(name = "updateContact", summary = "Change a contact's settings (asynchronous; result: getTask)",
        description = "At least one of displayName, star, block, notifications; each is the variant "
                + "updateContact.<field> of docs/PROTOCOLS.md, and a request with any field the robot's protocol "
                + "lacks is refused as a whole (40011). LINE_WS and IM_HTTP (IM_HTTP: no star). The robot must be "
                + "online or limited. No webhook: read the result with getTask and the answer's vcSerialNo.",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, CONFLICT})
public class UpdateContactOperation implements OpenApiOperation<UpdateContactOperation.Data> {
    public static final String NAME = "updateContact";

    @RegisterForReflection
    public record Data(
            @Schema(description = "the robot's serial") @NotBlank @Size(max = 256) String vcRobotSerialNo,
            @Schema(description = "the contact (messenger user id)") @NotBlank @Size(max = 256) String vcUserId,
            @Schema(description = "the name the robot shows for the contact (variant displayName)") @Size(max = 256)
            String displayName,
            @Schema(description = "starred / favourite (variant star)") Boolean star,
            @Schema(description = "blocked (variant block)") Boolean block,
            @Schema(description = "the robot's notifications for the contact (variant notifications)")
            Boolean notifications) implements ContactTask {
        /** The fields given, by variant name, in a stable order. */
        Map<String, Object> changes() {
            return ContactTask.given("displayName", displayName, "star", star, "block", block,
                    "notifications", notifications);
        }

        @Override
        public List<String> variants() {
            return List.copyOf(changes().keySet());
        }

        @Override
        public Map<String, Object> content() {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("userId", vcUserId);
            c.putAll(changes());
            return c;
        }
    }

    @Inject
    ContactService contacts;

    @Override
    public TaskAccepted handle(OpenApiCall call, Data data) {
        if (data.changes().isEmpty()) { // here, not in the record, so that an unknown field is named first
            throw new ApiException(ErrorCode.MISSING_PARAMETER,
                    "data must change at least one of displayName, star, block, notifications");
        }
        return contacts.task(call.merchantId(), call.serialNo(), NAME, data);
    }
}
