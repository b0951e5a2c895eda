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
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code searchContact}: find a user by user id, phone or URL (the variants); the result is read with getTask. */
@OpenApiOp(name = "searchContact", summary = "Find a user by user id, phone or URL (asynchronous; result: getTask)",
        description = "Exactly one of `vcUserId` (variant `userId`: LINE_WS, IM_HTTP), `phone` (variant `phone`: "
                + "LINE_WS) and `url` (variant `url`: LINE_WS). The robot must be online or limited. No webhook: "
                + "read the result with getTask and the answer's vcSerialNo (data.result: {\"contacts\":[…]}).",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, CONFLICT})
public class SearchContactOperation implements OpenApiOperation<SearchContactOperation.Data> {
    public static final String NAME = "searchContact";

    @RegisterForReflection
    public record Data(
            @Schema(description = "the robot's serial") @NotBlank @Size(max = 256) String vcRobotSerialNo,
            @Schema(description = "a messenger user id (variant userId)") @Size(max = 256) String vcUserId,
            @Schema(description = "a phone with the country code, 5-20 characters (variant phone)",
                    example = "8613800000000")
            @Size(min = 5, max = 20) @Pattern(regexp = "\\+?[0-9]+", message = "must be digits, optionally after a +")
            String phone,
            @Schema(description = "a user's link, http(s) (variant url)", example = "https://line.me/ti/p/abc")
            @Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String url)
            implements ContactTask {
        /** The one given criterion under its variant's name (docs/SOCIAL.md); empty when none is. */
        Map<String, Object> criteria() {
            return ContactTask.given("userId", vcUserId, "phone", phone, "url", url);
        }

        @Override
        public List<String> variants() {
            return List.copyOf(criteria().keySet());
        }

        @Override
        public Map<String, Object> content() {
            return criteria();
        }
    }

    @Inject
    ContactService contacts;

    @Override
    public TaskAccepted handle(OpenApiCall call, Data data) {
        // Here rather than in the record: an unknown or invalid field must be named first.
        int given = data.criteria().size();
        if (given == 0) {
            throw new ApiException(ErrorCode.MISSING_PARAMETER,
                    "data.vcUserId, data.phone or data.url is required (exactly one of them)");
        }
        if (given > 1) {
            throw ApiException.invalid("only one of data.vcUserId, data.phone and data.url may be given: a search "
                    + "is by one of them");
        }
        return contacts.task(call.merchantId(), call.serialNo(), NAME, data);
    }
}
