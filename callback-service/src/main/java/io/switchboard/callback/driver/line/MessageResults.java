package io.switchboard.callback.driver.line;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.callback.command.CommandContent;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.link.CommandResults.RobotEvent;
import io.switchboard.callback.link.OutboundMessage;
import io.switchboard.callback.link.RobotInbound;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code LineProtocol/SendMessage}, the result of cmd 10007: finishes its sendMessage/sendGroupMessage command once
 * with {@code message.sent} (docs/MESSAGING.md), carrying the device's {@code queueCount} and, for a group, the
 * {@code group_info} it used (the seed: "data 内的 group_info 数据需要保存"), or fails it with {@code RetMsg}. Checks
 * as {@link SocialResults}: the body (400, {@link LineRetBody}), the command is this device's and a send
 * (404/403/400), its robot the device's merchant's (403). Runs in LineIngress' transaction with the dedup record.
 */
@ApplicationScoped
public class MessageResults {
    public static final String ACTION = "SendMessage";

    @Inject
    CommandLookup lookup;
    @Inject
    RobotInbound inbound;
    @Inject
    CommandContent content;

    public LineReply result(LineRequest r) {
        LineRetBody.Parsed p = LineRetBody.parse(ACTION, r.body());
        CommandRecord c = lookup.command(r, p.outcome().serialNo(), true);
        if (!OutboundMessage.isSend(c.operation)) {
            throw new LineError(400, "command " + c.serialNo + " is a " + c.operation + " command, not a message send");
        }
        inbound.requireOwnRobot(r.merchantId(), c.robotSerialNo);
        if (p.outcome().failed()) {
            inbound.failed(c, p.outcome().reason(ACTION), p.outcome().failureResult(), null);
            return LineReply.ok("");
        }
        OutboundMessage m = OutboundMessage.of(LineDeviceDriver.PROTOCOL, c.operation, content.of(c));
        LineRetBody.Sent sent = p.sent();
        ObjectNode groupInfo = m.toGroup() ? sent.groupInfo() : null;
        if (groupInfo != null && !m.targetId().equals(groupInfo.path("groupId").asText())) {
            throw new LineMalformed("data.group_info names group " + groupInfo.path("groupId").asText()
                    + ", not the message's group " + m.targetId());
        }
        RobotEvent event = m.sent(LineDeviceDriver.PROTOCOL, null, sent.queueCount(), groupInfo);
        inbound.succeeded(c, event.data(), event);
        return LineReply.ok("");
    }
}
