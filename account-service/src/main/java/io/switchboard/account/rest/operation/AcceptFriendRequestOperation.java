package io.switchboard.account.rest.operation;

import static io.switchboard.common.api.ErrorCode.CONFLICT;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import io.switchboard.common.gate.OpenApiOp;

/** {@code acceptFriendRequest}: accept a friend request the robot received; the result is read with getTask. */
@OpenApiOp(name = "acceptFriendRequest", summary = "Accept a friend request (asynchronous; result: getTask)",
        description = "vcUserId is the requester (getFriendRequests lists them). IM_HTTP only. The robot must be "
                + "online or limited. No webhook: read the result with getTask and the answer's vcSerialNo "
                + "(data.result: {\"userId\"}).",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, CONFLICT})
public class AcceptFriendRequestOperation extends ContactUserOperation {
    public static final String NAME = "acceptFriendRequest";

    public AcceptFriendRequestOperation() {
        super(NAME);
    }
}
