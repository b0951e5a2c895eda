package io.switchboard.sim.engine.chat68;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.sim.SentMessage;
import io.switchboard.sim.engine.EngineFixtures;
import io.switchboard.sim.engine.IncomingMedia;
import io.switchboard.sim.engine.IncomingText;
import io.switchboard.sim.engine.WsClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Chat68EngineTest {

    private Chat68Engine engine;
    private WsClient client;

    @BeforeEach
    void start() {
        engine = Chat68Engine.start(0);
        client = WsClient.connect(engine.url());
    }

    @AfterEach
    void stop() {
        client.close();
        engine.close();
    }

    private static JsonNode exchanges() {
        return EngineFixtures.load(EngineFixtures.CHAT68_SAMPLES).get("exchanges");
    }

    private static ObjectNode seedRequest(String requestType) {
        for (JsonNode ex : exchanges()) {
            if (ex.get("request").path("data").path("type").asText().equals(requestType)) {
                return (ObjectNode) ex.get("request");
            }
        }
        throw new IllegalArgumentException(requestType);
    }

    private static ObjectNode frame(String id, String type) {
        ObjectNode f = WsClient.JSON.createObjectNode();
        f.put("id", id);
        f.put("type", type);
        return f;
    }

    @Test
    void seedRequestsGetTheSeedResponses() {
        int compared = 0;
        int n = 0;
        for (JsonNode ex : exchanges()) {
            ObjectNode request = (ObjectNode) ex.get("request");
            String id = "t-" + (++n);
            request.put("id", id);
            JsonNode reply = client.call(request);
            assertEquals(id, reply.get("id").asText(), request.toString());
            assertEquals(request.get("type").asText(), reply.get("type").asText());
            JsonNode seed = ex.get("response");
            if (seed != null) {
                // The seed's response, id aside (its getGroups example even answers id "1" to another id).
                JsonNode expected = seed.has("error") ? seed.get("error") : seed.get("data");
                assertEquals(expected, seed.has("error") ? reply.get("error") : reply.get("data"), request.toString());
                compared++;
            } else if (request.get("type").asText().equals("getGroups")) {
                assertEquals(exchanges().get(3).get("response").get("data"), reply.get("data"));
            } else {
                assertEquals(200, reply.path("data").path("commonResult").path("errCode").asInt(), reply.toString());
            }
        }
        assertEquals(11, compared);
        assertEquals(n, engine.received().size());
    }

    @Test
    void userInfoFollowsTheProfileAndApiUrlIsConfigurable() {
        engine.profile("123", "Robot").apiUrl("https://webbiz.example");
        JsonNode api = client.call(frame("a", "getApiUrl"));
        assertEquals("https://webbiz.example", api.get("data").asText());
        ObjectNode userInfo = seedRequest("UserInfo");
        userInfo.with("data").put("url", "https://webbiz.example/user/userInfo");
        JsonNode reply = client.call(userInfo);
        assertEquals(200, reply.get("data").get("commonResult").get("errCode").asInt());
        assertEquals("123", reply.get("data").get("userInfo").get("uid").asText());
        assertEquals("Robot", reply.get("data").get("userInfo").get("nickName").asText());
        assertEquals("UserInfo", engine.received().get(1).command());
        assertEquals("request", engine.received().get(1).kind());
    }

    @Test
    void malformedRequestsAreErrorsInTheSeedsShape() {
        ObjectNode wrongPath = seedRequest("UserInfo");
        wrongPath.with("data").put("url", "https://webbiz.qika.xyz/user/other");
        JsonNode e1 = client.call(wrongPath);
        assertEquals(Chat68Engine.UNKNOWN_TYPE, e1.get("error").get("errorCode").asInt());
        assertTrue(e1.get("error").get("errorDesc").asText().contains("/user/userInfo"));

        ObjectNode noGroup = seedRequest("GroupDetail");
        noGroup.with("data").with("data").remove("groupId");
        assertEquals(Chat68Engine.BAD_REQUEST, client.call(noGroup).get("error").get("errorCode").asInt());

        ObjectNode noProto = seedRequest("GroupMemberList");
        noProto.with("data").remove("protoType");
        assertEquals(Chat68Engine.BAD_REQUEST, client.call(noProto).get("error").get("errorCode").asInt());

        JsonNode unknown = client.call(frame("u", "fly"));
        assertEquals("u", unknown.get("id").asText());
        assertEquals("fly", unknown.get("type").asText());
        assertEquals(Chat68Engine.UNKNOWN_TYPE, unknown.get("error").get("errorCode").asInt());

        ObjectNode badMsg = frame("m", "sendMsg");
        badMsg.putObject("data").put("id", 1).put("type", "friend").putArray("list");
        assertEquals(Chat68Engine.BAD_REQUEST, client.call(badMsg).get("error").get("errorCode").asInt());
    }

    @Test
    void faultsInTheProtocolsShapes() {
        engine.failNext("UserInfo", 300, "很抱歉，服务繁忙");
        JsonNode err = client.call(seedRequest("UserInfo").put("id", "1"));
        assertEquals("1", err.get("id").asText());
        assertEquals("request", err.get("type").asText());
        assertEquals(300, err.get("error").get("errorCode").asInt());
        assertEquals("很抱歉，服务繁忙", err.get("error").get("errorDesc").asText());
        assertFalse(err.has("data"));

        engine.failNextInResult("request", 1, 500);
        assertEquals(500, client.call(seedRequest("UserInfo").put("id", "2"))
                .get("data").get("commonResult").get("errCode").asInt());

        engine.unknownIdNext("getGroups", 1);
        JsonNode misrouted = client.call(frame("3", "getGroups"));
        assertNotEquals("3", misrouted.get("id").asText());
        assertTrue(misrouted.get("data").isArray());

        engine.garbageNext("*", 1);
        client.send(frame("4", "getApiUrl"));
        String garbage = client.next();
        assertThrows(Exception.class, () -> WsClient.JSON.readTree(garbage));

        engine.swallowNext("getApiUrl", 1);
        client.send(frame("5", "getApiUrl"));
        assertEquals("6", client.call(frame("6", "getApiUrl")).get("id").asText());
    }

    private static ObjectNode sendMsg(String id, String type, long target, int chatType, String content) {
        ObjectNode f = frame(id, "sendMsg");
        ObjectNode d = f.putObject("data").put("id", target).put("type", type);
        d.putArray("list").addObject().put("type", "text").putObject("values").put("chatType", chatType)
                .put("content", content);
        d.putNull("quoteInfo");
        return f;
    }

    private static ObjectNode sendFile(String id, String type, long target, String file) {
        ObjectNode f = frame(id, "sendFile");
        f.putObject("data").put("file", file).put("type", type).put("id", target);
        return f;
    }

    @Test
    void sendsAreAnsweredWithAMessageIdAndRecordedButNoticesAreNot() {
        JsonNode text = client.call(sendMsg("m1", "friend", 7237423, 0, "发送多行文本\n123\n1234"));
        assertEquals(200, text.get("data").get("commonResult").get("errCode").asInt());
        String firstId = text.get("data").get("msgId").asText();
        JsonNode file = client.call(sendFile("m2", "group", 389284, "https://cdn.example/b.mp4"));
        assertNotEquals(firstId, file.get("data").get("msgId").asText());
        client.call(sendMsg("m3", "group", 389284, 8, "新的群通知")); // a notice, not a merchant's message
        List<SentMessage> sent = engine.awaitMessages(2, WsClient.WAIT);
        assertEquals(2, engine.messages().size());
        assertEquals("sendMsg", sent.get(0).command());
        assertEquals("7237423", sent.get(0).targetId());
        assertFalse(sent.get(0).group());
        assertEquals("text", sent.get(0).type());
        assertEquals("发送多行文本\n123\n1234", sent.get(0).content());
        assertEquals(firstId, sent.get(0).messageId());
        assertEquals("sendFile", sent.get(1).command());
        assertTrue(sent.get(1).group());
        assertEquals("https://cdn.example/b.mp4", sent.get(1).content());
        assertEquals(Chat68Engine.BAD_REQUEST,
                client.call(sendFile("m4", "group", 389284, "")).get("error").get("errorCode").asInt());
    }

    @Test
    void failNextSendSkipsNoticesAndRequests() {
        engine.failNextSend(1, 300, "发送失败");
        assertEquals(200, client.call(seedRequest("UserInfo").put("id", "1"))
                .get("data").get("commonResult").get("errCode").asInt());
        assertEquals(200, client.call(sendMsg("2", "group", 389284, 50, "管理员开了全员禁言"))
                .get("data").get("commonResult").get("errCode").asInt());
        JsonNode failed = client.call(sendFile("3", "friend", 7237423, "https://cdn.example/c.zip"));
        assertEquals(300, failed.get("error").get("errorCode").asInt());
        assertEquals("发送失败", failed.get("error").get("errorDesc").asText());
        assertTrue(engine.messages().isEmpty());
    }

    @Test
    void mediaPushesCarryTheUrlAndCanBeRepeated() {
        String id = engine.pushIncomingMedia(IncomingMedia.inGroup("389284", "5858052", "video",
                "https://cdn.example/v.mp4")).messageId();
        JsonNode d = client.nextJson().get("data");
        assertEquals(id, d.get("msgId").asText());
        assertEquals("group", d.get("targetType").asText());
        assertEquals("video", d.get("list").get(0).get("type").asText());
        assertEquals("https://cdn.example/v.mp4", d.get("list").get(0).get("values").get("url").asText());
        assertEquals(1, engine.pushAgain(id));
        assertEquals(d, client.nextJson().get("data"), "the same frame again");
        assertThrows(IllegalArgumentException.class, () -> engine.pushIncomingMedia(
                IncomingMedia.direct("5858052", "image", null)));
    }

    @Test
    void pushesAndAppLogout() {
        String id = engine.pushIncomingText(IncomingText.direct("7237423", "你好")).messageId();
        JsonNode push = client.nextJson();
        assertEquals("event", push.get("type").asText());
        JsonNode d = push.get("data");
        assertEquals("message", d.get("event").asText());
        assertEquals(id, d.get("msgId").asText());
        assertEquals("7237423", d.get("fromUid").asText());
        assertEquals("friend", d.get("targetType").asText());
        assertEquals("7237423", d.get("targetId").asText());
        assertEquals("text", d.get("list").get(0).get("type").asText());
        assertEquals(0, d.get("list").get(0).get("values").get("chatType").asInt());
        assertEquals("你好", d.get("list").get(0).get("values").get("content").asText());
        assertTrue(d.get("createTime").isTextual());

        engine.pushIncomingText(IncomingText.inGroup("389284", "5858052", "hi"));
        JsonNode g = client.nextJson().get("data");
        assertEquals("group", g.get("targetType").asText());
        assertEquals("389284", g.get("targetId").asText());

        assertTrue(engine.loggedIn());
        assertEquals(1, engine.pushLogout("kicked"));
        JsonNode logout = client.nextJson();
        assertEquals("logout", logout.get("data").get("event").asText());
        assertEquals("kicked", logout.get("data").get("reason").asText());
        assertEquals(Chat68Engine.NOT_LOGGED_IN,
                client.call(seedRequest("UserInfo")).get("error").get("errorCode").asInt());
        engine.appLoggedIn(true);
        assertEquals(200, client.call(seedRequest("UserInfo")).get("data").get("commonResult").get("errCode").asInt());
    }

    @Test
    void dropAndRefuse() {
        engine.awaitConnections(1, WsClient.WAIT);
        assertEquals(1, engine.dropConnections());
        assertEquals(1001, client.awaitClosed());
        engine.refuseConnections(true);
        assertTrue(WsClient.refused(WsClient.connectFailure(engine.url())));
        engine.refuseConnections(false);
        try (WsClient again = WsClient.connect(engine.url())) {
            assertEquals("https://webbiz.qika.xyz", again.call(frame("x", "getApiUrl")).get("data").asText());
        }
    }
}
