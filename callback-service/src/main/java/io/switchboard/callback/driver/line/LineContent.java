package io.switchboard.callback.driver.line;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.callback.command.CommandContent;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.link.OutboundMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The LINE content of a command: decrypted from the row only now (to push it, or to answer GetPushContent) and
 * never logged. The unified content of docs/SOCIAL.md becomes the cmd content of docs/LINE_DEVICE.md "cmd
 * contents": seed 000 shows the login, 10002, 10007, 10008 and 10009 contents; the others are this project's (snake_case,
 * the names 10007's {@code group_info} uses). A content that cannot be sent (a missing group id, addFriend by user
 * id, which cmd 10001 cannot do) throws, and the command fails at once with the message as its reason.
 */
@ApplicationScoped
public class LineContent {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Inject
    CommandContent content;

    public JsonNode of(CommandRecord c) {
        return of(c.operation, content.of(c));
    }

    /** The cmd content for {@code operation} made from its unified content. */
    public static JsonNode of(String operation, JsonNode unified) {
        return switch (operation) {
            case "login" -> LineLoginContent.fromUnified(unified);
            // The seed's 10002, 10008 and 10009 commands carry "" as content.
            case "logout", "getFriendList", "getGroupList" -> TextNode.valueOf("");
            case "addFriend" -> addFriend(unified);
            case "createGroup" -> NODES.objectNode().put("group_name", text(unified, "name", operation))
                    .set("user_ids", strings(unified, "userIds", operation));
            case "getGroupInfo" -> NODES.objectNode().set("group_ids", strings(unified, "groupIds", operation));
            case "inviteFriendsToGroup" -> {
                ObjectNode n = NODES.objectNode().put("group_id", text(unified, "groupId", operation));
                n.set("user_ids", strings(unified, "userIds", operation));
                n.set("group_info", groupInfo(unified));
                yield n;
            }
            case "quitGroup" -> NODES.objectNode().put("group_id", text(unified, "groupId", operation))
                    .set("group_info", groupInfo(unified));
            case "syncContacts" -> NODES.objectNode().set("phones", strings(unified, "phones", operation));
            case "sendMessage", "sendGroupMessage" ->
                    message(OutboundMessage.of(LineDeviceDriver.PROTOCOL, operation, unified));
            default -> unified;
        };
    }

    /**
     * cmd 10007 (seed 000 发文字消息): {@code {"data":[{msg_num, is_to_group, to_target_id, msg_type (the word),
     * msg_content, before_sleep_time, after_sleep_time, group_info}]}}, one message per command. {@code group_info}
     * is the command's {@code groupInfo} in the seed's keys for a group, null when group-service has none (the
     * device then fetches it and returns it in the result) and for a person.
     */
    static JsonNode message(OutboundMessage m) {
        ObjectNode item = NODES.objectNode().put("msg_num", m.msgNum()).put("is_to_group", m.toGroup())
                .put("to_target_id", m.targetId()).put("msg_type", m.word()).put("msg_content", m.content())
                .put("before_sleep_time", m.beforeSleepMs()).put("after_sleep_time", m.afterSleepMs());
        JsonNode g = m.groupInfo();
        item.set("group_info", m.toGroup() && g != null
                ? groupInfo(g.path("groupId").asText(m.targetId()), g) : NODES.nullNode());
        ObjectNode content = NODES.objectNode();
        content.putArray("data").add(item);
        return content;
    }

    private static JsonNode addFriend(JsonNode unified) {
        String phone = unified.path("phone").isTextual() ? unified.path("phone").asText() : null;
        if (phone == null || phone.isBlank()) {
            throw new IllegalArgumentException(unified.hasNonNull("userId")
                    ? "addFriend.userId is not supported by protocol LINE_DEVICE (cmd 10001 adds by phone)"
                    : "addFriend needs content.phone");
        }
        return NODES.objectNode().put("phone", phone);
    }

    /**
     * docs/SOCIAL.md {@code groupInfo {groupKey, groupTagB, ownerTagB}} → 10007's {@code group_info {group_id,
     * group_key, group_tag_b, owner_user_id, owner_tag_b}}; null when group-service has none (seed: "如果没有可以传
     * null").
     */
    static JsonNode groupInfo(JsonNode unified) {
        JsonNode g = unified.get("groupInfo");
        if (g == null || !g.isObject()) {
            return NODES.nullNode();
        }
        return groupInfo(unified.path("groupId").asText(null), g);
    }

    private static ObjectNode groupInfo(String groupId, JsonNode g) {
        ObjectNode n = NODES.objectNode().put("group_id", groupId)
                .put("group_key", g.path("groupKey").asText(null));
        n.set("group_tag_b", number(g.get("groupTagB")));
        n.put("owner_user_id", g.path("ownerUserId").asText(null));
        n.set("owner_tag_b", number(g.get("ownerTagB")));
        return n;
    }

    private static JsonNode number(JsonNode v) {
        if (v != null && v.isIntegralNumber()) {
            return v;
        }
        if (v != null && v.isTextual() && v.asText().matches("-?\\d{1,18}")) {
            return NODES.numberNode(Long.parseLong(v.asText()));
        }
        return NODES.nullNode();
    }

    private static String text(JsonNode unified, String name, String operation) {
        JsonNode v = unified.get(name);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(operation + " needs content." + name + " (a string)");
        }
        return v.asText();
    }

    private static ArrayNode strings(JsonNode unified, String name, String operation) {
        JsonNode v = unified.get(name);
        if (v == null || !v.isArray() || v.isEmpty()) {
            throw new IllegalArgumentException(operation + " needs content." + name + " (a non-empty array)");
        }
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw new IllegalArgumentException(operation + " content." + name + "[" + i + "] must be a string");
            }
            out.add(v.get(i).asText());
        }
        return out;
    }
}
