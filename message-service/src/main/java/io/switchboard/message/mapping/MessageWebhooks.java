package io.switchboard.message.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.config.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The {@code data} of webhooks 1005 and 2004, with seed 001's field names (docs/MESSAGING.md "Persistence and
 * webhooks"). {@code dtMsgTime} is {@code yyyy-MM-dd HH:mm:ss} in the Open API's zone.
 */
@ApplicationScoped
public class MessageWebhooks {
    /** {@code nPlatformMsgType}: a person wrote it (inbound). */
    public static final int PERSON = 10;
    /** {@code nPlatformMsgType}: the robot sent it (a send result). */
    public static final int ROBOT = 11;

    private final ObjectMapper json;
    private final DateTimeFormatter time;

    @Inject
    public MessageWebhooks(ObjectMapper json, SwitchboardConfig config) {
        this.json = json;
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of(config.openapi().timezone()));
    }

    /** Who wrote what to whom: 1005's data, and 2004's {@code MsgData}. */
    public ObjectNode message(String from, String content, Instant at, String to, int platformMsgType, Integer msgType,
                              String msgId) {
        ObjectNode n = json.createObjectNode();
        n.put("FromUserId", from);
        n.put("Content", content);
        n.put("dtMsgTime", time.format(at));
        n.put("ToUserId", to);
        n.put("nPlatformMsgType", platformMsgType);
        n.put("nMsgType", msgType);
        n.put("vcMsgId", msgId);
        return n;
    }

    /** 2004's data around a message: the group, who wrote what, when, the type and the content as text. */
    public ObjectNode group(String groupId, ObjectNode message) {
        ObjectNode n = json.createObjectNode();
        n.put("groupId", groupId);
        n.set("MsgData", message);
        n.set("dtMsgTime", message.get("dtMsgTime"));
        n.set("nMsgType", message.get("nMsgType"));
        n.set("msgContentb", message.get("Content"));
        return n;
    }
}
