package io.switchboard.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.event.EventTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code message.received} (docs/MESSAGING.md): stored once per (robot, messenger id), one webhook 1005 or 2004 with
 * {@code nPlatformMsgType} 10, only for the robot's own merchant.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeServices.class, restrictToAnnotatedClass = false)
class InboundMessageTest extends MessageTestBase {

    static ObjectNode received(String messageId, String from, String to, String groupId, int type, String content) {
        return obj().put("protocol", "LINE_WS").put("messageId", messageId).put("fromUserId", from)
                .put("toUserId", to).put("groupId", groupId).put("msgType", type).put("content", content)
                .put("sentAt", 1_700_000_000_000L);
    }

    static List<JsonNode> inbound(String robot) {
        return webhooks(robot).stream().filter(w -> w.path("data").path("nType").asInt() == 1005
                || w.path("data").path("nType").asInt() == 2004).toList();
    }

    @Test
    void aMessageReportedTwiceIsStoredOnceAndSentOnce() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_WS");
        ObjectNode d = received("mid-1", "u-friend", null, null, 0, "hello\nthere");
        awaitProcessed(robotEvent(EventTypes.MESSAGE_RECEIVED, a.merchantId(), robot, null, d));
        awaitProcessed(robotEvent(EventTypes.MESSAGE_RECEIVED, a.merchantId(), robot, null, d.deepCopy()));
        assertEquals(1, count("select count(*) from inbound_message where robot_serial_no = ?1", robot));
        List<JsonNode> hooks = inbound(robot);
        assertEquals(1, hooks.size(), hooks::toString);
        JsonNode n = hooks.get(0).path("data");
        assertEquals(1005, n.path("nType").asInt());
        assertEquals(0, n.path("nResultCode").asInt());
        JsonNode w = n.path("data");
        assertEquals("u-friend", w.path("FromUserId").asText());
        assertEquals(userId(robot), w.path("ToUserId").asText(), "no toUserId: the robot itself");
        assertEquals("hello\nthere", w.path("Content").asText());
        assertEquals(10, w.path("nPlatformMsgType").asInt());
        assertEquals(0, w.path("nMsgType").asInt());
        assertEquals("mid-1", w.path("vcMsgId").asText());
        assertEquals("2023-11-15 06:13:20", w.path("dtMsgTime").asText());
        assertEquals("", hooks.get(0).path("serialNo").asText(""), "no command: no optvcSerNo");

        // an engine that names nobody with "" means the robot too
        awaitProcessed(robotEvent(EventTypes.MESSAGE_RECEIVED, a.merchantId(), robot, null,
                received("mid-2", "u-friend", "", "", 0, "blank to")));
        assertEquals(userId(robot), inbound(robot).get(1).path("data").path("data").path("ToUserId").asText());
        assertEquals(1005, inbound(robot).get(1).path("data").path("nType").asInt(), "an empty groupId is no group");

        // without a messenger id: keyed by a hash of the fields
        ObjectNode noId = received(null, "u-friend", "u-robot", null, 1, "https://cdn.example/p.jpg");
        awaitProcessed(robotEvent(EventTypes.MESSAGE_RECEIVED, a.merchantId(), robot, null, noId));
        awaitProcessed(robotEvent(EventTypes.MESSAGE_RECEIVED, a.merchantId(), robot, null, noId.deepCopy()));
        ObjectNode otherTime = noId.deepCopy().put("sentAt", 1_700_000_000_001L);
        awaitProcessed(robotEvent(EventTypes.MESSAGE_RECEIVED, a.merchantId(), robot, null, otherTime));
        assertEquals(4, count("select count(*) from inbound_message where robot_serial_no = ?1", robot));
        assertEquals(4, inbound(robot).size());
        assertEquals("https://cdn.example/p.jpg", inbound(robot).get(2).path("data").path("data").path("Content")
                .asText());
        assertEquals(1, inbound(robot).get(2).path("data").path("data").path("nMsgType").asInt());
    }

    @Test
    void aGroupMessageIs2004() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "CHAT68_WS");
        awaitProcessed(robotEvent(EventTypes.MESSAGE_RECEIVED, a.merchantId(), robot, null,
                received("gm-1", "u-member", null, "g-7", 0, "hi all")));
        awaitProcessed(robotEvent(EventTypes.MESSAGE_RECEIVED, a.merchantId(), robot, null,
                received("gm-1", "u-member", null, "g-7", 0, "hi all")));
        List<JsonNode> hooks = inbound(robot);
        assertEquals(1, hooks.size());
        JsonNode n = hooks.get(0).path("data");
        assertEquals(2004, n.path("nType").asInt());
        JsonNode d = n.path("data");
        assertEquals("g-7", d.path("groupId").asText());
        assertEquals("hi all", d.path("msgContentb").asText());
        assertEquals(0, d.path("nMsgType").asInt());
        assertEquals("2023-11-15 06:13:20", d.path("dtMsgTime").asText());
        assertEquals("u-member", d.path("MsgData").path("FromUserId").asText());
        assertEquals("g-7", d.path("MsgData").path("ToUserId").asText());
        assertEquals(10, d.path("MsgData").path("nPlatformMsgType").asInt());
        assertEquals("gm-1", d.path("MsgData").path("vcMsgId").asText());
        Object[] row = rows("select group_id, from_user_id, content, protocol from inbound_message"
                + " where robot_serial_no = ?1", robot).get(0);
        assertEquals("g-7", row[0]);
        assertEquals("u-member", row[1]);
        assertEquals("hi all", row[2]);
        assertEquals("LINE_WS", row[3]);
    }

    @Test
    void aLinkOfAnotherMerchantReportsNothingIntoARobot() {
        Merchant a = merchant("merchant-a");
        Merchant b = merchant("merchant-b");
        String robotA = robot(a, "IM_HTTP");
        awaitProcessed(robotEvent(EventTypes.MESSAGE_RECEIVED, b.merchantId(), robotA, null,
                received("x-1", "u", null, null, 0, "forged")));
        awaitProcessed(robotEvent(EventTypes.MESSAGE_RECEIVED, a.merchantId(), "unknown-robot", null,
                received("x-2", "u", null, null, 0, "nobody's")));
        assertEquals(0, count("select count(*) from inbound_message where robot_serial_no in (?1, 'unknown-robot')",
                robotA));
        assertTrue(inbound(robotA).isEmpty());
    }

    @Test
    void eventsOfOtherServicesAreAcknowledgedWithoutADedupRow() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_WS");
        var login = robotEvent(EventTypes.ROBOT_LOGIN_SUCCEEDED, a.merchantId(), robot, "s-1", obj());
        var group = robotEvent(EventTypes.COMMAND_FAILED, a.merchantId(), robot, "s-2",
                obj().put("operation", "createGroup").put("reason", "x"));
        var mine = robotEvent(EventTypes.MESSAGE_RECEIVED, a.merchantId(), robot, null,
                received("after-others", "u", null, null, 0, "x"));
        awaitProcessed(mine);
        assertEquals(0, count("select count(*) from processed_event where event_id in (?1, ?2)",
                java.util.UUID.fromString(login.id()), java.util.UUID.fromString(group.id())));
    }
}
