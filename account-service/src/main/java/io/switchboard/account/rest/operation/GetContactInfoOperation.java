package io.switchboard.account.rest.operation;

import static io.switchboard.common.api.ErrorCode.CONFLICT;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.account.mapping.ContactViews.TaskAccepted;
import io.switchboard.account.service.ContactService;
import io.switchboard.account.service.ContactTask;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code getContactInfo}: contacts' profiles as the messenger has them now; the result is read with getTask. */
@OpenApiOp(name = "getContactInfo", summary = "Contacts' profiles from the messenger (asynchronous; result: getTask)",
        description = "1-50 user ids, JSON strings of at most 256 characters (repeats sent once). LINE_WS, "
                + "CHAT68_WS, IM_HTTP. The robot must be online or limited. No webhook: read the result with "
                + "getTask and the answer's vcSerialNo (data.result: {\"contacts\":[…]}).",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, CONFLICT})
public class GetContactInfoOperation implements OpenApiOperation<GetContactInfoOperation.Data> {
    public static final String NAME = "getContactInfo";
    /** docs/SOCIAL.md "Limits": as many as getGroupInfo's group ids. */
    public static final int MAX_USER_IDS = 50;

    @RegisterForReflection
    public record Data(
            @Schema(description = "the robot's serial") @NotBlank @Size(max = 256) String vcRobotSerialNo,
            @Schema(description = "the messenger's user ids, strings only", example = "[\"u4286b98e72ef2ebc\"]")
            @NotNull @Size(min = 1, max = MAX_USER_IDS) @JsonDeserialize(contentUsing = TextOnly.class)
            List<@NotBlank @Size(max = 256) String> vcUserIds) implements ContactTask {
        @Override
        public Map<String, Object> content() {
            return Map.of("userIds", new ArrayList<>(new LinkedHashSet<>(vcUserIds)));
        }
    }

    @Inject
    ContactService contacts;

    @Override
    public TaskAccepted handle(OpenApiCall call, Data data) {
        return contacts.task(call.merchantId(), call.serialNo(), NAME, data);
    }
}
