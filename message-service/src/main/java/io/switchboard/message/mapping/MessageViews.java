package io.switchboard.message.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.message.model.StoredMessage;
import io.switchboard.message.model.TargetKind;
import java.time.Instant;
import java.util.List;

/** The Open API answers and admin views of message-service (docs/MESSAGING.md, docs/API.md). */
public final class MessageViews {
    private MessageViews() {}

    /** The answer of sendMessage / sendGroupMessage. */
    @RegisterForReflection
    public record Accepted(String vcSerialNo, String vcRobotSerialNo, int nState, String vcState, int queueCount) {
        public static Accepted of(StoredMessage m, int queueCount) {
            return new Accepted(m.serialNo(), m.robotSerialNo(), m.state().code(), m.state().name(), queueCount);
        }
    }

    /** The answer of getMessage: one of vcFriendSerialNo / vcGroupSerialNo, by the operation that sent it. */
    @RegisterForReflection
    public record MessageView(String vcSerialNo, String vcRobotSerialNo,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String vcFriendSerialNo,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String vcGroupSerialNo,
                              int msg_type, String msg_content, int nState, String vcState, String vcReason,
                              String vcClientMsgId, String vcMsgId, Long nCreateTime, Long nDispatchTime,
                              Long nFinishTime, int queueCount) {}

    public static MessageView view(StoredMessage m, int queueCount) {
        boolean group = m.targetKind() == TargetKind.GROUP;
        return new MessageView(m.serialNo(), m.robotSerialNo(), group ? null : m.targetId(),
                group ? m.targetId() : null, m.msgType(), m.content(), m.state().code(), m.state().name(), m.reason(),
                m.clientMsgId(), m.messengerMsgId(), millis(m.createdAt()), millis(m.dispatchedAt()),
                millis(m.finishedAt()), queueCount);
    }

    /** A message as /admin/messages shows it. */
    @RegisterForReflection
    public record AdminMessage(String serialNo, String merchantId, String robotSerialNo, String targetKind,
                               String targetId, int msgType, String content, int beforeSleepMs, int afterSleepMs,
                               String clientMsgId, String state, String reason, String messengerMsgId,
                               JsonNode groupInfo, Instant createdAt, Instant dispatchedAt, Instant finishedAt,
                               Instant deadlineAt, Integer queueCount) {}

    public static AdminMessage admin(StoredMessage m, JsonNode groupInfo, Integer queueCount) {
        return new AdminMessage(m.serialNo(), m.merchantId(), m.robotSerialNo(),
                m.targetKind() == TargetKind.GROUP ? "group" : "friend", m.targetId(), m.msgType(), m.content(),
                m.beforeSleepMs(), m.afterSleepMs(), m.clientMsgId(), m.state().name(), m.reason(),
                m.messengerMsgId(), groupInfo, m.createdAt(), m.dispatchedAt(), m.finishedAt(), m.deadlineAt(),
                queueCount);
    }

    /** A page of /admin/messages; {@code next} is the {@code after} of the next page, null on the last. */
    @RegisterForReflection
    public record AdminPage(List<AdminMessage> messages, String next) {}

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }
}
