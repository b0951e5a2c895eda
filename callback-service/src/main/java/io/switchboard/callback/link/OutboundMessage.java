package io.switchboard.callback.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.callback.link.CommandResults.RobotEvent;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ProtocolSupport;
import io.switchboard.common.event.EventTypes;
import java.util.Set;

/**
 * The unified content of a {@code sendMessage}/{@code sendGroupMessage} command (docs/MESSAGING.md "Command
 * content"), read and checked the same way by every driver, and the {@code message.sent} event its result
 * publishes. Protocol-neutral: each driver maps it to its own frames.
 *
 * @param operation    sendMessage or sendGroupMessage (the target is a friend or a group)
 * @param targetId     the friend's user id or the group id, as the messenger names them
 * @param msgType      the Open API {@code msg_type}, 0 text … 6 contact card
 * @param content      the text, the media URL, or the location/contact JSON object's text
 * @param beforeSleepMs wait this long before sending (seed 000's {@code before_sleep_time})
 * @param afterSleepMs  wait this long after sending ({@code after_sleep_time}; message-service paces by it)
 * @param msgNum       the message's number within its command (seed 000's {@code msg_num}; always 1 today)
 * @param groupInfo    LINE link info {@code {groupId, groupKey, groupTagB, ownerUserId, ownerTagB}}, or null
 */
public record OutboundMessage(String operation, String targetId, int msgType, String content, long beforeSleepMs,
                              long afterSleepMs, int msgNum, JsonNode groupInfo) {
    public static final Set<String> OPERATIONS = Set.of("sendMessage", "sendGroupMessage");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_SLEEP_MS = 60_000;

    public static boolean isSend(String operation) {
        return OPERATIONS.contains(operation);
    }

    public boolean toGroup() {
        return "sendGroupMessage".equals(operation);
    }

    /** The message type's word: text, image, video, audio, file, location, contact (DESIGN §4). */
    public String word() {
        return ProtocolSupport.MESSAGE_TYPES.get(msgType);
    }

    /** Image, video, audio or file: {@link #content} is a URL. */
    public boolean media() {
        return msgType >= 1 && msgType <= 4;
    }

    /** A location's or contact card's fields: {@link #content} as a JSON object. */
    public JsonNode fields() {
        try {
            JsonNode n = JSON.readTree(content);
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (Exception e) {
            // refused below, with the field named
        }
        throw new IllegalArgumentException(operation + " msg_type " + msgType + " (" + word()
                + ") needs content to be a JSON object");
    }

    /**
     * Why {@code protocol} cannot send this command's message at all, or null. A message type the protocol lacks gets
     * the domain services' 40011 words (docs/PROTOCOLS.md); a content that does not fit the contract names the
     * field.
     */
    public static String refusal(String protocol, String operation, JsonNode unified) {
        try {
            of(protocol, operation, unified);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** The message of a command's unified content; {@link IllegalArgumentException} says what does not fit. */
    public static OutboundMessage of(String protocol, String operation, JsonNode unified) {
        if (!isSend(operation)) {
            throw new IllegalArgumentException(operation + " is not a message send");
        }
        JsonNode target = unified.get("targetId");
        if (target == null || !target.isTextual() || target.asText().isBlank()) {
            throw new IllegalArgumentException(operation + " needs content.targetId (a string)");
        }
        int type = wholeNumber(unified.get("msgType"), operation + " needs content.msgType (0–6)");
        try {
            ProtocolSupport.requireMessageType(protocol, operation, type);
        } catch (ApiException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        JsonNode content = unified.get("content");
        if (content == null || !content.isTextual() || content.asText().isEmpty()) {
            throw new IllegalArgumentException(operation + " needs content.content (a non-empty string)");
        }
        long before = sleep(unified.get("beforeSleepMs"), operation + " content.beforeSleepMs");
        long after = sleep(unified.get("afterSleepMs"), operation + " content.afterSleepMs");
        JsonNode num = unified.get("msgNum");
        int msgNum = num == null || num.isNull() ? 1 : wholeNumber(num, operation + " content.msgNum must be a whole number");
        JsonNode info = unified.get("groupInfo");
        if (info != null && !info.isNull() && !info.isObject()) {
            throw new IllegalArgumentException(operation + " content.groupInfo must be an object or null");
        }
        OutboundMessage m = new OutboundMessage(operation, target.asText(), type, content.asText(), before, after,
                msgNum, info == null || info.isNull() ? null : info);
        if (type == 5 || type == 6) {
            m.fields(); // location and contact are JSON objects
        }
        return m;
    }

    /**
     * {@code message.sent} (docs/MESSAGING.md "Robot events"), published with {@code command.succeeded}.
     *
     * @param messageId  the messenger's id for the message, null when the protocol gives none
     * @param queueCount the device's queue count, null for engines
     * @param groupInfo  the link info a LINE device returned, in the command's camelCase keys, or null
     */
    public RobotEvent sent(String protocol, String messageId, Integer queueCount, JsonNode groupInfo) {
        ObjectNode d = JsonNodeFactory.instance.objectNode().put("protocol", protocol).put("operation", operation)
                .put("targetId", targetId).put("msgType", msgType).put("messageId", messageId)
                .put("sentAt", System.currentTimeMillis()).put("queueCount", queueCount);
        d.set("groupInfo", groupInfo == null ? JsonNodeFactory.instance.nullNode() : groupInfo);
        return new RobotEvent(EventTypes.MESSAGE_SENT, d);
    }

    private static int wholeNumber(JsonNode n, String otherwise) {
        if (n != null && n.isIntegralNumber() && n.canConvertToInt()) {
            return n.asInt();
        }
        if (n != null && n.isTextual() && n.asText().matches("-?\\d{1,9}")) {
            return Integer.parseInt(n.asText());
        }
        throw new IllegalArgumentException(otherwise);
    }

    private static long sleep(JsonNode n, String what) {
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.isIntegralNumber() || n.asLong() < 0 || n.asLong() > MAX_SLEEP_MS) {
            throw new IllegalArgumentException(what + " must be 0–" + MAX_SLEEP_MS + " milliseconds");
        }
        return n.asLong();
    }
}
