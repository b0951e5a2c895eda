package io.switchboard.group.rest.operation;

import static io.switchboard.common.api.ErrorCode.DEPENDENCY_UNAVAILABLE;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import io.switchboard.common.gate.OpenApiOp;

@OpenApiOp(name = "rejectGroupInvitation", summary = "Reject an invitation into a group "
        + "(asynchronous; result: getTask)",
        description = OneGroupOperation.INVITATION,
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, DEPENDENCY_UNAVAILABLE})
public class RejectGroupInvitationOperation extends OneGroupOperation {}
