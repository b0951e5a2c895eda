package io.switchboard.e2e;

import static io.switchboard.e2e.LineDeviceEndToEndIT.await;
import static io.switchboard.e2e.LineDeviceEndToEndIT.createMerchant;
import static io.switchboard.e2e.LineDeviceEndToEndIT.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.sim.SentMessage;
import io.switchboard.sim.engine.IncomingMedia;
import io.switchboard.sim.engine.IncomingText;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.OpenApiSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9 through the packaged services (docs/MESSAGING.md): every message type a protocol carries reaches its
 * device or engine in that protocol's shape and comes back as webhook 1005 (2004 for a group); inbound messages
 * reach the merchant once although the link reports them twice; ten messages arrive in order with the pacing
 * interval between them; a {@code kill -9} of message-service in the middle loses and duplicates none; a retried
 * send with the same {@code vcClientMsgId} creates one message.
 */
class MessagingEndToEndIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(40);
    static final String LINE_PHONE = "8613189639268";
    static final String LOCATION = "{\"title\":\"Office\",\"address\":\"1 Main St\",\"latitude\":25.03,\"longitude\":121.56}";

    static Platform platform;
    static WebhookReceiver receiver;
    /** LINE device inbound messages by id, so the test can report one again exactly (the device has no "again"). */
    static final Map<String, String[]> deviceInbound = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
        platform = Platform.shared();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    /** docs/PROTOCOLS.md "Message types": the msg_types each protocol carries, and the command each arrives as. */
    static Map<Integer, String> commands(String protocol) {
        Map<Integer, String> m = new LinkedHashMap<>();
        switch (protocol) {
            case "LINE_DEVICE" -> {
                for (int t = 0; t <= 6; t++) {
                    m.put(t, "10007");
                }
            }
            case "LINE_WS" -> {
                String[] c = {"SendText", "SendImage", "SendVideo", "SendAudio", "SendFile", "SendLocation", "SendContact"};
                for (int t = 0; t <= 6; t++) {
                    m.put(t, c[t]);
                }
            }
            case "CHAT68_WS" -> {
                m.put(0, "sendMsg");
                for (int t = 1; t <= 4; t++) {
                    m.put(t, "sendFile");
                }
            }
            default -> {
                String[] c = {"chat.sendTextMessage", "chat.sendImageMessage", "chat.sendVideoMessage",
                        "chat.sendAudioMessage", "chat.sendFileMessage"};
                for (int t = 0; t <= 4; t++) {
                    m.put(t, c[t]);
                }
                m.put(6, "chat.sendCardMessage");
            }
        }
        return m;
    }

    static final String[] WORDS = {"text", "image", "video", "audio", "file", "location", "contact"};

    static String content(int type, String friend) {
        return switch (type) {
            case 0 -> "hello\nsecond line \uD83D\uDE00";
            case 1 -> "https://media.example.com/p.jpg";
            case 2 -> "https://media.example.com/v.mp4";
            case 3 -> "https://media.example.com/a.m4a";
            case 4 -> "https://media.example.com/f.pdf";
            case 5 -> LOCATION;
            default -> "{\"userId\":\"" + friend + "\",\"name\":\"Card\"}";
        };
    }

    /** A logged-in robot of a fresh merchant, with one friend and one group the link reported. */
    record Robot(String protocol, String serial, MerchantClient client, EngineEndToEndIT.RobotSide side,
                 String friend, String group) implements AutoCloseable {
        MerchantClient.Reply send(String friendOrGroup, boolean toGroup, int type, String text, String clientMsgId) {
            Map<String, Object> c = new HashMap<>();
            c.put("msg_type", Integer.toString(type));
            c.put("msg_content", text);
            Map<String, Object> data = new HashMap<>();
            data.put("vcRobotSerialNo", serial);
            data.put(toGroup ? "vcGroupSerialNo" : "vcFriendSerialNo", friendOrGroup);
            data.put("content", c);
            if (clientMsgId != null) {
                data.put("vcClientMsgId", clientMsgId);
            }
            return client.call(platform.url("message-service"), toGroup ? "sendGroupMessage" : "sendMessage", data);
        }

        List<SentMessage> sent() {
            return side.engine() != null ? side.engine().messages() : side.device().messages();
        }

        List<SentMessage> awaitSent(int count) {
            return side.engine() != null ? side.engine().awaitMessages(count, WAIT)
                    : side.device().awaitMessages(count, WAIT);
        }

        /** Someone writes to the robot; returns the messenger's message id. */
        String incoming(String from, String groupId, String type, String text) {
            if (side.engine() != null) {
                return type.equals("text")
                        ? side.engine().pushIncomingText(new IncomingText(from, groupId, text)).messageId()
                        : side.engine().pushIncomingMedia(new IncomingMedia(from, groupId, type, text, null)).messageId();
            }
            String id = "m-" + UUID.randomUUID();
            String[] args = {from, groupId, type, text, Long.toString(System.currentTimeMillis())};
            deviceInbound.put(id, args);
            again(id);
            return id;
        }

        /** The link reports the same message again. */
        void again(String messageId) {
            if (side.engine() != null) {
                assertTrue(side.engine().pushAgain(messageId) > 0);
                return;
            }
            String[] a = deviceInbound.get(messageId);
            assertTrue(side.device().receiveMessage(serial, LINE_PHONE, messageId, a[0], "u-robot", a[1], a[2], a[3],
                    Long.parseLong(a[4])).success());
        }

        void pacing(int intervalMs) throws Exception {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            platform.url("message-service") + "/admin/messages/robots/" + serial + "/pacing"))
                    .header("Authorization", "Bearer " + Platform.ADMIN_TOKEN).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"intervalMs\":" + intervalMs + "}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
        }

        JsonNode message(String serialNo) {
            MerchantClient.Reply r = client.call(platform.url("message-service"), "getMessage",
                    Map.of("vcSerialNo", serialNo));
            assertTrue(r.success(), r.body()::toString);
            return r.data();
        }

        @Override
        public void close() {
            side.close();
        }
    }

    static Robot robot(String protocol) throws Exception {
        JsonNode merchant = createMerchant(receiver.url());
        receiver.secret(merchant.path("webhookSecret").asText());
        String account = platform.url("account-service");
        MerchantClient client = new MerchantClient(merchant.path("merchantId").asText(), merchant.path("appId").asText(),
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-a.key.pem")));
        String serial = "robot-m-" + protocol.toLowerCase().replace('_', '-') + "-" + UUID.randomUUID().toString().substring(0, 6);
        EngineEndToEndIT.RobotSide side = EngineEndToEndIT.side(protocol, merchant, client);
        Map<String, Object> login = new HashMap<>(side.loginFields(serial));
        login.put("vcRobotSerialNo", serial);
        login.put("protocol", protocol);
        assertTrue(client.call(account, "login", login).success());
        await("robot online", () -> client.call(account, "getRobot", Map.of("vcRobotSerialNo", serial))
                .data().path("nState").asInt() == 0);
        // A friend and a group as the link reports them (group-service then holds the group's LINE link info).
        assertTrue(client.call(account, "getFriendList", Map.of("vcRobotSerialNo", serial, "refresh", "true")).success());
        String friend = receiver.await("1003", webhook(1003, 0, serial), WAIT).json().path("data").get(0)
                .path("vcUserId").asText();
        assertTrue(client.call(platform.url("group-service"), "getGroupList",
                Map.of("vcRobotSerialNo", serial, "refresh", "true")).success());
        String group = receiver.await("2003", webhook(2003, 0, serial), WAIT).json().path("data").get(0)
                .path("vcGroupId").asText();
        assertFalse(friend.isEmpty() || group.isEmpty());
        return new Robot(protocol, serial, client, side, friend, group);
    }

    static WebhookReceiver.Delivery result(int nType, String robot, String serialNo) {
        return receiver.await(nType + " for " + serialNo, j -> j.path("nType").asInt() == nType
                && robot.equals(j.path("optvcRobotSerialNo").asText())
                && serialNo.equals(j.path("optvcSerNo").asText()), WAIT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"LINE_DEVICE", "LINE_WS", "CHAT68_WS", "IM_HTTP"})
    void everyTypeReachesTheLinkInItsProtocolsShapeAndComesBackAsAWebhook(String protocol) throws Exception {
        try (Robot r = robot(protocol)) {
            r.pacing(0);
            Map<Integer, String> commands = commands(protocol);
            List<String> serials = new ArrayList<>();
            for (int type : commands.keySet()) {
                MerchantClient.Reply accepted = r.send(r.friend(), false, type, content(type, r.friend()), null);
                assertTrue(accepted.success(), accepted.body()::toString);
                assertEquals("QUEUED", accepted.data().path("vcState").asText(), accepted.body()::toString);
                serials.add(accepted.serialNo());
            }
            List<SentMessage> sent = r.awaitSent(commands.size());
            int i = 0;
            for (int type : commands.keySet()) {
                SentMessage m = sent.get(i);
                String serialNo = serials.get(i++);
                assertEquals(commands.get(type), m.command(), m::toString);
                // 68chat's sendFile frame names no kind: the app shows a file by its own type.
                String word = protocol.equals("CHAT68_WS") && type >= 1 ? "file" : WORDS[type];
                assertEquals(word, m.type(), m::toString);
                assertEquals(r.friend(), m.targetId(), m::toString);
                assertFalse(m.group(), m::toString);
                if (type <= 4) {
                    assertEquals(content(type, r.friend()), m.content(), m::toString);
                } else if (type == 5) {
                    assertEquals("Office", JSON.readTree(m.content()).path("title").asText(), m::toString);
                }
                // The send result: 1005 with seed 001's fields, the robot as the writer (nPlatformMsgType 11).
                WebhookReceiver.Delivery d = result(1005, r.serial(), serialNo);
                assertTrue(d.signatureValid());
                JsonNode data = d.json().path("data");
                assertEquals(0, d.json().path("nResultCode").asInt(), d.json()::toString);
                assertEquals(r.friend(), data.path("ToUserId").asText(), d.json()::toString);
                assertFalse(data.path("FromUserId").asText("").isEmpty(), d.json()::toString);
                assertEquals(11, data.path("nPlatformMsgType").asInt(), d.json()::toString);
                assertEquals(type, data.path("nMsgType").asInt(), d.json()::toString);
                assertTrue(data.has("Content") && data.has("dtMsgTime"), d.json()::toString);
                await("message " + serialNo + " SENT", () -> "SENT".equals(r.message(serialNo).path("vcState").asText()));
            }

            // A group message: the group's id as the target, 2004 with seed 001's group fields.
            MerchantClient.Reply g = r.send(r.group(), true, 0, "to the group", null);
            assertTrue(g.success(), g.body()::toString);
            SentMessage gm = r.awaitSent(commands.size() + 1).get(commands.size());
            assertTrue(gm.group(), gm::toString);
            assertEquals(r.group(), gm.targetId(), gm::toString);
            JsonNode gd = result(2004, r.serial(), g.serialNo()).json();
            assertEquals(r.group(), gd.path("data").path("groupId").asText(), gd::toString);
            assertEquals("to the group", gd.path("data").path("msgContentb").asText(), gd::toString);
            assertTrue(gd.path("data").has("MsgData") && gd.path("data").has("dtMsgTime"), gd::toString);

            // A type the protocol lacks is refused before anything is queued.
            for (int type = 0; type <= 6; type++) {
                if (!commands.containsKey(type)) {
                    MerchantClient.Reply refused = r.send(r.friend(), false, type, content(type, r.friend()), null);
                    assertEquals(400, refused.status(), refused.body()::toString);
                    assertEquals(40011, refused.errorCode(), refused.body()::toString);
                }
            }
            // Another merchant cannot send through this robot, nor read its messages.
            JsonNode other = createMerchant("http://127.0.0.1:9/unused");
            MerchantClient intruder = new MerchantClient(other.path("merchantId").asText(), other.path("appId").asText(),
                    OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-a.key.pem")));
            assertEquals(403, intruder.call(platform.url("message-service"), "sendMessage", Map.of("vcRobotSerialNo",
                    r.serial(), "vcFriendSerialNo", r.friend(), "content", Map.of("msg_type", "0", "msg_content", "x")))
                    .status());
            assertEquals(404, intruder.call(platform.url("message-service"), "getMessage",
                    Map.of("vcSerialNo", serials.get(0))).status());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LINE_DEVICE", "LINE_WS", "CHAT68_WS", "IM_HTTP"})
    void inboundMessagesReachTheMerchantOnceEvenWhenReportedTwice(String protocol) throws Exception {
        try (Robot r = robot(protocol)) {
            String text = "inbound " + UUID.randomUUID();
            String id = r.incoming(r.friend(), null, "text", text);
            WebhookReceiver.Delivery d = receiver.await("1005 inbound text", j -> j.path("nType").asInt() == 1005
                    && text.equals(j.path("data").path("Content").asText()), WAIT);
            assertEquals(10, d.json().path("data").path("nPlatformMsgType").asInt(), d.json()::toString);
            assertEquals(0, d.json().path("data").path("nMsgType").asInt(), d.json()::toString);
            assertEquals(r.friend(), d.json().path("data").path("FromUserId").asText(), d.json()::toString);
            r.again(id);

            String url = "https://media.example.com/in-" + UUID.randomUUID() + ".jpg";
            String imageId = r.incoming(r.friend(), null, "image", url);
            JsonNode image = receiver.await("1005 inbound image", j -> j.path("nType").asInt() == 1005
                    && r.serial().equals(j.path("optvcRobotSerialNo").asText())
                    && j.path("data").path("nMsgType").asInt() == 1, WAIT).json();
            // The merchant can fetch it: the engine's own URL, or (LINE_WS) the one DownloadFile answered.
            assertTrue(image.path("data").path("Content").asText().startsWith("http"), image::toString);
            r.again(imageId);

            String groupText = "in the group " + UUID.randomUUID();
            r.incoming(r.friend(), r.group(), "text", groupText);
            JsonNode inGroup = receiver.await("2004 inbound group text", j -> j.path("nType").asInt() == 2004
                    && groupText.equals(j.path("data").path("msgContentb").asText()), WAIT).json();
            assertEquals(r.group(), inGroup.path("data").path("groupId").asText(), inGroup::toString);

            // The repeats were reported before the group message, which one consumer handles in order: by now
            // they were handled, and told nobody.
            assertEquals(1, receiver.all().stream().filter(x -> text.equals(x.json().path("data").path("Content")
                    .asText())).count(), "the text reported twice reached the merchant once");
            assertEquals(1, receiver.all().stream().filter(x -> r.serial().equals(x.json().path("optvcRobotSerialNo")
                    .asText()) && x.json().path("nType").asInt() == 1005
                    && x.json().path("data").path("nMsgType").asInt() == 1).count(), "the image once");
        }
    }

    @Test
    void tenMessagesArriveInOrderWithThePacingIntervalBetweenThem() throws Exception {
        try (Robot r = robot("LINE_WS")) {
            int interval = 400;
            r.pacing(interval);
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                texts.add("paced " + i);
                assertTrue(r.send(r.friend(), false, 0, "paced " + i, null).success());
            }
            List<SentMessage> sent = r.awaitSent(10);
            assertEquals(texts, sent.stream().map(SentMessage::content).toList(), "in the order accepted");
            for (int i = 1; i < sent.size(); i++) {
                long gap = Duration.between(sent.get(i - 1).at(), sent.get(i).at()).toMillis();
                assertTrue(gap >= interval, "message " + i + " came " + gap + " ms after the previous one");
            }
        }
    }

    @Test
    void aRetriedSendWithTheSameClientMessageIdCreatesOneMessage() throws Exception {
        try (Robot r = robot("CHAT68_WS")) {
            r.pacing(0);
            String key = "order-" + UUID.randomUUID();
            MerchantClient.Reply first = r.send(r.friend(), false, 0, "only once", key);
            MerchantClient.Reply retry = r.send(r.friend(), false, 0, "only once", key);
            assertTrue(first.success() && retry.success(), retry.body()::toString);
            assertEquals(first.serialNo(), retry.data().path("vcSerialNo").asText(), retry.body()::toString);
            MerchantClient.Reply other = r.send(r.friend(), false, 0, "something else", key);
            assertEquals(409, other.status(), other.body()::toString);
            // A later message passes the first; had the retry made a second message, it would be between them.
            assertTrue(r.send(r.friend(), false, 0, "after", null).success());
            List<SentMessage> sent = r.awaitSent(2);
            assertEquals(List.of("only once", "after"), sent.stream().map(SentMessage::content).toList());
            assertEquals(2, r.sent().size());
        }
    }

    @Test
    void killingMessageServiceMidwayLosesAndDuplicatesNoMessage() throws Exception {
        try (Robot r = robot("LINE_WS")) {
            r.pacing(300);
            List<String> serials = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                texts.add("survives " + i);
                MerchantClient.Reply a = r.send(r.friend(), false, 0, "survives " + i, null);
                assertTrue(a.success(), a.body()::toString);
                serials.add(a.serialNo());
            }
            r.awaitSent(3);
            platform.kill("message-service");
            int before = r.sent().size();
            assertTrue(before < 10, "the kill came in the middle (" + before + " sent)");
            platform.startInstance("message-service", "message-service", Map.of());

            List<SentMessage> sent = r.awaitSent(10);
            assertEquals(texts, sent.stream().map(SentMessage::content).toList(), "each once, in order");
            for (String serialNo : serials) {
                result(1005, r.serial(), serialNo);
                await("message " + serialNo + " SENT", () -> "SENT".equals(r.message(serialNo).path("vcState").asText()));
            }
            // Nothing more arrives later, and no result was told twice under two webhook ids.
            assertEquals(10, r.sent().size());
            Set<String> ids = new HashSet<>();
            receiver.all().stream().filter(d -> serials.contains(d.json().path("optvcSerNo").asText()))
                    .forEach(d -> ids.add(d.json().path("optvcSerNo").asText() + "/" + d.id()));
            assertEquals(10, ids.stream().map(s -> s.substring(0, s.indexOf('/'))).distinct().count());
            assertEquals(10, ids.size(), "one webhook id per message result: " + ids);
            assertNotEquals(0, before);
        }
    }
}
