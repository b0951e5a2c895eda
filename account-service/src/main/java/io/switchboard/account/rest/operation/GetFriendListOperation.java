package io.switchboard.account.rest.operation;

import static io.switchboard.common.api.ErrorCode.CONFLICT;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.account.mapping.ContactViews.FriendList;
import io.switchboard.account.service.ContactService;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.validator.constraints.Range;

/**
 * {@code getFriendList} (seed 001): the robot's friends from the store, a page at a time by user id (keyset: pass
 * the answer's {@code nextAfter} as {@code after}). {@code refresh} also asks the robot (webhook 1003).
 */
@OpenApiOp(name = "getFriendList", summary = "The robot's friends from the store; refresh: true also asks the "
        + "robot (webhook 1003)",
        description = "Answers at once from the store, ordered by vcUserId, `limit` per page (1-500, default 100); "
                + "the next page is `after` = the answer's `nextAfter` (null on the last page). With `refresh: true` "
                + "(robot online or limited, else 409), or while the store has never held a complete list, the "
                + "robot is asked for its list too: `refreshSerialNo` is that command's serial (the 1003's "
                + "optvcSerNo); a refresh already in flight is shared, not sent again (`refreshSent` false).",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, CONFLICT})
public class GetFriendListOperation implements OpenApiOperation<GetFriendListOperation.Data> {
    @RegisterForReflection
    public record Data(
            @Schema(description = "the robot's serial") @NotBlank @Size(max = 256) String vcRobotSerialNo,
            @Schema(description = "also ask the robot for its current list (webhook 1003)", defaultValue = "false")
            Boolean refresh,
            @Schema(description = "friends per page", defaultValue = "100") @Range(min = 1, max = 500) Integer limit,
            @Schema(description = "the previous answer's nextAfter (a vcUserId); absent: the first page")
            @Size(max = 256) String after) {
        public Data {
            refresh = refresh != null && refresh;
            limit = limit == null ? 100 : limit;
        }
    }

    @Inject
    ContactService contacts;

    @Override
    public FriendList handle(OpenApiCall call, Data data) {
        return contacts.getFriendList(call.merchantId(), call.serialNo(), data.vcRobotSerialNo(), data.refresh(),
                data.after(), data.limit());
    }
}
