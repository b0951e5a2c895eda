package io.switchboard.account.rest.operation;

import static io.switchboard.common.api.ErrorCode.CONFLICT;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import io.switchboard.common.gate.OpenApiOp;

/** {@code deleteFriend}: remove a friend; the result is read with getTask. */
@OpenApiOp(name = "deleteFriend", summary = "Remove a friend (asynchronous; result: getTask)",
        description = "IM_HTTP only. The robot must be online or limited. No webhook: read the result with getTask "
                + "and the answer's vcSerialNo (data.result: {\"userId\"}).",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, CONFLICT})
public class DeleteFriendOperation extends ContactUserOperation {
    public static final String NAME = "deleteFriend";

    public DeleteFriendOperation() {
        super(NAME);
    }
}
