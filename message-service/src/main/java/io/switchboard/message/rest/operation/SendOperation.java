package io.switchboard.message.rest.operation;

import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.message.mapping.MessageViews.Accepted;
import io.switchboard.message.model.TargetKind;
import io.switchboard.message.service.MessageService;
import jakarta.inject.Inject;

/** What sendMessage and sendGroupMessage share: each is one operation with its own data record and webhook. */
abstract class SendOperation {
    static final String DESCRIPTION = "The message joins the robot's ordered queue and is sent after the messages "
            + "accepted before it, one at a time and paced (docs/MESSAGING.md). The answer carries its vcSerialNo "
            + "(getMessage, getTask) and queueCount, the robot's messages ahead of it. vcClientMsgId makes a retry "
            + "create nothing new; the same key with another request is 409.";
    static final String CLIENT_MSG_ID_DOC = "optional idempotency key: 1-64 of letters, digits, '.', '_', ':', '-'; "
            + "unique per merchant for switchboard.messages.idempotency-window (24 h)";

    @Inject
    MessageService messages;

    Accepted send(OpenApiCall call, String robot, TargetKind kind, String target, MessageContent content,
                  String clientMsgId) {
        return messages.send(call, robot, kind, target, content, clientMsgId);
    }
}
