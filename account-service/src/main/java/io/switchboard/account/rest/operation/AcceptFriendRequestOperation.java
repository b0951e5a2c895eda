package io.switchboard.account.rest.operation;

import static io.switchboard.common.api.ErrorCode.CONFLICT;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import io.switchboard.account.mapping.ContactViews.TaskAccepted;
import io.switchboard.account.service.ContactService;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.inject.Inject;

/** {@code acceptFriendRequest}: accept a friend request the robot received; the result is read with getTask. */
@OpenApiOp(name = "acceptFriendRequest", summary = "Accept a friend request (asynchronous; result: getTask)",
        description = "vcUserId is the requester (getFriendRequests lists them). IM_HTTP only. The robot must be "
                + "online or limited. No webhook: read the result with getTask and the answer's vcSerialNo "
                + "(data.result: {\"userId\"}).",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, CONFLICT})
public class AcceptFriendRequestOperation implements OpenApiOperation<ContactUserData> {
    public static final String NAME = "acceptFriendRequest";

    @Inject
    ContactService contacts;

    @Override
    public TaskAccepted handle(OpenApiCall call, ContactUserData data) {
        return contacts.task(call.merchantId(), call.serialNo(), NAME, data);
    }
}
