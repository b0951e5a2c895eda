package io.switchboard.group.rest.operation;

import static io.switchboard.common.api.ErrorCode.DEPENDENCY_UNAVAILABLE;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import io.switchboard.common.gate.OpenApiOp;

@OpenApiOp(name = RejectGroupInvitationOperation.NAME, summary = "Reject an invitation into a group (asynchronous; result: getTask)",
        description = "The group is named by its messenger id from the invitation; the store need not know it yet "
                + "(the robot is not in it). Result {\"groupId\"} through getTask; no webhook (docs/SOCIAL.md).",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, DEPENDENCY_UNAVAILABLE})
public class RejectGroupInvitationOperation extends OneGroupOperation {
    public static final String NAME = "rejectGroupInvitation";

    @Override
    String name() {
        return NAME;
    }

    @Override
    boolean storedGroup() {
        return false;
    }
}
