package io.switchboard.group.rest.operation;

import static io.switchboard.common.api.ErrorCode.CONFLICT;
import static io.switchboard.common.api.ErrorCode.DEPENDENCY_UNAVAILABLE;
import static io.switchboard.common.api.ErrorCode.FORBIDDEN;
import static io.switchboard.common.api.ErrorCode.NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.ROBOT_NOT_FOUND;
import static io.switchboard.common.api.ErrorCode.UNSUPPORTED_BY_PROTOCOL;

import io.switchboard.common.gate.OpenApiOp;

/** Unlike the invitations, the group must be stored: only a member can have its QR code, as for getGroupInfo. */
@OpenApiOp(name = "getGroupQrCode", summary = "A group's QR code / join link (asynchronous; result: "
        + "getTask)",
        description = "The group must be one of the robot's stored groups (404 otherwise) that it has not left "
                + "(409). Result {\"groupId\",\"url\",\"expiresAt\"?} through getTask; no webhook (docs/SOCIAL.md).",
        errors = {ROBOT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_BY_PROTOCOL, NOT_FOUND, CONFLICT, DEPENDENCY_UNAVAILABLE})
public class GetGroupQrCodeOperation extends OneGroupOperation {
    @Override
    boolean storedGroup() {
        return true;
    }
}
