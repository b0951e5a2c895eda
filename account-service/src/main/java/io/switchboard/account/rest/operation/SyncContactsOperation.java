package io.switchboard.account.rest.operation;

import static io.switchboard.common.api.ErrorCode.CONFLICT;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.account.mapping.ContactViews.CommandAccepted;
import io.switchboard.account.service.ContactService;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code syncContacts}: upload phones; the robot reports the ones that matched a user (webhook 1006, successes only). */
@OpenApiOp(name = "syncContacts", summary = "Upload phones to the robot's address book (asynchronous; result: "
        + "webhook 1006 with the phones that matched a user)",
        description = "1-1,000 phones, each a JSON string of 5-20 characters: digits, optionally after a +. "
                + "Duplicates are sent once. LINE_DEVICE and LINE_WS only. The robot must be online or limited.",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, CONFLICT})
public class SyncContactsOperation implements OpenApiOperation<SyncContactsOperation.Data> {
    /** docs/SOCIAL.md "Limits" (issue 8). */
    public static final int MAX_PHONES = 1000;

    @RegisterForReflection
    public record Data(
            @Schema(description = "the robot's serial") @NotBlank @Size(max = 256) String vcRobotSerialNo,
            @Schema(description = "phones with the country code, strings only", example = "[\"8613800000000\"]")
            @NotNull @Size(min = 1, max = MAX_PHONES) @JsonDeserialize(contentUsing = TextOnly.class)
            List<@Size(min = 5, max = 20)
                 @Pattern(regexp = "\\+?[0-9]+", message = "must be digits, optionally after a +") String> phones) {}

    @Inject
    ContactService contacts;

    @Override
    public CommandAccepted handle(OpenApiCall call, Data data) {
        return contacts.syncContacts(call.merchantId(), call.serialNo(), data.vcRobotSerialNo(), data.phones());
    }
}
