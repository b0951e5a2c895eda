package io.switchboard.account.rest.operation;

import static io.switchboard.common.api.ErrorCode.CONFLICT;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.account.mapping.ContactViews.CommandAccepted;
import io.switchboard.account.service.ContactService;
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
 * {@code addFriend} (seed 001): a friend request by phone ({@code vcFriendPhone}, variant {@code phone}) or by the
 * messenger's user id ({@code vcUserId}, variant {@code userId}), exactly one of them. Result: webhook 1002.
 */
@OpenApiOp(name = "addFriend", summary = "Send a friend request (asynchronous; result: webhook 1002)",
        description = "Exactly one of `vcFriendPhone` (variant `phone`: LINE_DEVICE, LINE_WS) and `vcUserId` "
                + "(variant `userId`: LINE_WS, IM_HTTP); CHAT68_WS has no addFriend. The robot must be online or "
                + "limited (409 otherwise).",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, CONFLICT})
public class AddFriendOperation implements OpenApiOperation<AddFriendOperation.Data> {
    @RegisterForReflection
    public record Data(
            @Schema(description = "the robot's serial") @NotBlank @Size(max = 256) String vcRobotSerialNo,
            @Schema(description = "the phone to add, digits with the country code (a leading + allowed); 5-20 "
                    + "characters (seed: 11 without the country code)", example = "8613800000000")
            @Size(min = 5, max = 20) @Pattern(regexp = "\\+?[0-9]+", message = "must be digits, optionally after a +")
            String vcFriendPhone,
            @Schema(description = "the messenger's user id to add (LINE mid, IM node address)")
            @Size(max = 256) String vcUserId) {}

    @Inject
    ContactService contacts;

    @Override
    public CommandAccepted handle(OpenApiCall call, Data data) {
        // Here rather than in the record: an unknown or invalid field must be named first.
        if (data.vcFriendPhone() == null && data.vcUserId() == null) {
            throw new ApiException(ErrorCode.MISSING_PARAMETER,
                    "data.vcFriendPhone or data.vcUserId is required (exactly one of them)");
        }
        if (data.vcFriendPhone() != null && data.vcUserId() != null) {
            throw ApiException.invalid("data.vcFriendPhone and data.vcUserId cannot both be given: a friend is "
                    + "added either by phone or by user id");
        }
        return contacts.addFriend(call.merchantId(), call.serialNo(), data.vcRobotSerialNo(), data.vcFriendPhone(),
                data.vcUserId());
    }
}
