package io.switchboard.callback.line;

import static io.switchboard.callback.line.LineTestSupport.WAIT;
import static io.switchboard.callback.line.LineTestSupport.awaitEvent;
import static io.switchboard.callback.line.LineTestSupport.awaitStatus;
import static io.switchboard.callback.line.LineTestSupport.command;
import static io.switchboard.callback.line.LineTestSupport.eventsForSerial;
import static io.switchboard.callback.line.LineTestSupport.id;
import static io.switchboard.callback.line.LineTestSupport.publishCommand;
import static io.switchboard.callback.line.LineTestSupport.registerDevice;
import static io.switchboard.callback.line.LineTestSupport.robotOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.callback.FakeAccountService;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.command.CommandStatus;
import io.switchboard.callback.line.LineTestSupport.Device;
import io.switchboard.common.event.EventTypes;
import io.switchboard.sim.SentMessage;
import io.switchboard.sim.line.DeviceAutopilot;
import io.switchboard.sim.line.LineDeviceSimulator;
import io.switchboard.sim.line.LineFixtures;
import io.switchboard.sim.line.PushCommand;
import io.switchboard.sim.line.Reply;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * sendMessage / sendGroupMessage on a LINE device (docs/MESSAGING.md, docs/LINE_DEVICE.md "cmd 10007"), through the
 * real device simulator and its autopilot: each message type goes out as cmd 10007 in seed 000's shape, the device's
 * SendMessage result publishes {@code message.sent} (with its queueCount and group_info) or fails the command with
 * RetMsg, the seed's result samples parse into their expected records, and a content that cannot be sent fails at once.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class LineMessagesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FRIEND = "u4286b98e72ef2ebcf6f8a9749b0a20b1";
    static final String GROUP = "c5460d8076d6a442836c0c3a592e31e24";
    static final DeviceAutopilot.Settings ANSWERING = new DeviceAutopilot.Settings(false, true, Duration.ofSeconds(1),
            1, Duration.ofHours(1), Duration.ofHours(1));

    @TestHTTPResource("/")
    URL base;

    static ObjectNode message(String target, int type, String content) {
        return LineTestSupport.sendContent(target, type, content);
    }

    static String contentOf(int type) {
        return LineTestSupport.sampleContent(type);
    }

    private record Robot(Device device, String serial) {}

    private Robot robot() {
        Device d = registerDevice(id("mch_"));
        return new Robot(d, robotOf(d));
    }

    private static JsonNode awaitSent(String serial) {
        return awaitEvent(EventTypes.MESSAGE_SENT, e -> serial.equals(e.path("serialNo").asText()));
    }

    @ParameterizedTest(name = "msg_type {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6})
    void eachTypeIsPushedAsCmd10007InTheSeedsShapeAndItsResultPublishesMessageSent(int type) throws Exception {
        Robot r = robot();
        try (LineDeviceSimulator device = r.device().simulator(base.toString());
             DeviceAutopilot pilot = new DeviceAutopilot(device, ANSWERING, line -> { }).start()) {
            device.connect();
            ObjectNode m = message(FRIEND, type, contentOf(type)).put("beforeSleepMs", 20).put("afterSleepMs", 30);
            String serial = publishCommand(r.device(), r.serial(), "sendMessage", m);
            PushCommand c = device.awaitCommand(p -> p.serialNo().equals(serial), WAIT);
            assertNotNull(c, "cmd 10007 reached the device");
            assertEquals(10007, c.cmd());
            assertEquals(0, c.cmdType());
            ObjectNode item = JSON.createObjectNode().put("msg_num", 1).put("is_to_group", false)
                    .put("to_target_id", FRIEND).put("msg_type", List.of("text", "image", "video", "audio", "file",
                            "location", "contact").get(type)).put("msg_content", contentOf(type))
                    .put("before_sleep_time", 20).put("after_sleep_time", 30);
            item.putNull("group_info");
            ObjectNode expected = JSON.createObjectNode();
            expected.putArray("data").add(item);
            assertEquals(expected, c.content(), "seed 000's 10007 content, field for field");

            JsonNode sent = awaitSent(serial);
            assertEquals(r.device().merchantId(), sent.path("merchantId").asText());
            assertEquals(r.serial(), sent.path("robotSerialNo").asText());
            JsonNode d = sent.path("data");
            assertEquals("LINE_DEVICE", d.path("protocol").asText());
            assertEquals("sendMessage", d.path("operation").asText());
            assertEquals(FRIEND, d.path("targetId").asText());
            assertEquals(type, d.path("msgType").asInt());
            assertTrue(d.path("messageId").isNull(), "a LINE device gives no message id");
            assertEquals(0, d.path("queueCount").asInt());
            assertTrue(d.path("groupInfo").isNull());
            assertTrue(d.path("sentAt").asLong() > 0);
            CommandRecord done = awaitStatus(serial, CommandStatus.SUCCEEDED);
            assertEquals(JSON.readTree(done.result), d, "getTask shows what message.sent says");
            assertEquals(1, eventsForSerial(EventTypes.COMMAND_SUCCEEDED, serial).size());
            SentMessage out = device.awaitMessages(1, WAIT).get(0);
            assertEquals(contentOf(type), out.content());
            assertEquals(serial, out.serialNo());
        }
    }

    @Test
    void aGroupMessageCarriesItsGroupInfoAndTheResultsGroupInfoComesBackInTheCommandsKeys() throws Exception {
        Robot r = robot();
        try (LineDeviceSimulator device = r.device().simulator(base.toString());
             DeviceAutopilot pilot = new DeviceAutopilot(device, ANSWERING, line -> { }).start()) {
            device.connect();
            ObjectNode m = message(GROUP, 0, "大家好");
            m.putObject("groupInfo").put("groupId", GROUP).put("groupKey", "umt+bo6XWnKL").put("groupTagB", 59542651)
                    .put("ownerUserId", FRIEND).put("ownerTagB", 4094372);
            String serial = publishCommand(r.device(), r.serial(), "sendGroupMessage", m);
            PushCommand c = device.awaitCommand(p -> p.serialNo().equals(serial), WAIT);
            JsonNode item = c.content().path("data").get(0);
            assertTrue(item.path("is_to_group").asBoolean());
            assertEquals(JSON.createObjectNode().put("group_id", GROUP).put("group_key", "umt+bo6XWnKL")
                    .put("group_tag_b", 59542651).put("owner_user_id", FRIEND).put("owner_tag_b", 4094372),
                    item.path("group_info"), "the seed's keys");
            JsonNode d = awaitSent(serial).path("data");
            assertEquals("sendGroupMessage", d.path("operation").asText());
            // What the device returned, in the command's keys.
            LineRetBodyTest.compare("groupInfo", m.get("groupInfo"), d.path("groupInfo"));

            // Without link info the device fetches it and returns it: message.sent carries it for group-service.
            String bare = publishCommand(r.device(), r.serial(), "sendGroupMessage", message("cnolinkinfo", 1,
                    "https://cdn.example.com/a.png"));
            PushCommand c2 = device.awaitCommand(p -> p.serialNo().equals(bare), WAIT);
            assertTrue(c2.content().path("data").get(0).path("group_info").isNull());
            ObjectNode fetched = DeviceAutopilot.groupInfoOf("cnolinkinfo");
            ObjectNode camel = JSON.createObjectNode().put("groupId", "cnolinkinfo")
                    .put("groupKey", fetched.path("group_key").asText())
                    .put("groupTagB", fetched.path("group_tag_b").asLong())
                    .put("ownerUserId", fetched.path("owner_user_id").asText())
                    .put("ownerTagB", fetched.path("owner_tag_b").asLong());
            LineRetBodyTest.compare("groupInfo", camel, awaitSent(bare).path("data").path("groupInfo"));
        }
    }

    @Test
    void aLongTextGoesByGetPushContent() throws Exception {
        Robot r = robot();
        String text = ("línea " + "😀".repeat(3) + " 第一行\n").repeat(120); // well over 1 KiB
        try (LineDeviceSimulator device = r.device().simulator(base.toString());
             DeviceAutopilot pilot = new DeviceAutopilot(device, ANSWERING, line -> { }).start()) {
            device.connect();
            String serial = publishCommand(r.device(), r.serial(), "sendMessage", message(FRIEND, 0, text));
            PushCommand c = device.awaitCommand(p -> p.serialNo().equals(serial), WAIT);
            assertEquals(1, c.cmdType(), "content over 1 KiB is fetched, not pushed");
            assertTrue(c.frame().path("content").isMissingNode());
            assertEquals(200, c.contentReply().status());
            assertEquals(text, c.content().path("data").get(0).path("msg_content").asText());
            awaitSent(serial);
            assertEquals(text, device.awaitMessages(1, WAIT).get(0).content());
        }
    }

    @Test
    void aFailedSendFailsTheCommandWithRetMsgAndPublishesNoMessageSent() throws Exception {
        Robot r = robot();
        try (LineDeviceSimulator device = r.device().simulator(base.toString());
             DeviceAutopilot pilot = new DeviceAutopilot(device, ANSWERING, line -> { }).start()) {
            device.connect();
            pilot.failNextSend(1, 3, "该用户已将你屏蔽");
            String serial = publishCommand(r.device(), r.serial(), "sendMessage", message(FRIEND, 0, "hi"));
            CommandRecord failed = awaitStatus(serial, CommandStatus.FAILED);
            assertEquals("该用户已将你屏蔽", failed.reason);
            JsonNode event = awaitEvent(EventTypes.COMMAND_FAILED, e -> serial.equals(e.path("serialNo").asText()));
            assertEquals("sendMessage", event.path("data").path("operation").asText());
            assertEquals("该用户已将你屏蔽", event.path("data").path("reason").asText());
            assertTrue(eventsForSerial(EventTypes.MESSAGE_SENT, serial).isEmpty());
        }
    }

    @Test
    void theSeedsResultSamplesFinishTheCommandOnceAlthoughRepeated() throws Exception {
        Robot r = robot();
        String serial = publishCommand(r.device(), r.serial(), "sendGroupMessage", message(GROUP, 0, "你好呀"));
        awaitStatus(serial, CommandStatus.PENDING);
        ObjectNode body = LineFixtures.object("send-message-text.json").put("serial_no", serial);
        try (LineDeviceSimulator device = r.device().simulator(base.toString())) {
            for (int i = 0; i < 2; i++) {
                Reply reply = device.post("/LineProtocol/SendMessage", Map.of("robot-serial_no", r.serial()),
                        body.toString());
                assertEquals(200, reply.status(), reply.toString());
            }
        }
        JsonNode parse = LineFixtures.json(LineFixtures.expectedOf("send-message-text.json")).path("parse");
        JsonNode d = awaitSent(serial).path("data");
        LineRetBodyTest.compare("groupInfo", parse.path("sent").path("groupInfo"), d.path("groupInfo"));
        assertEquals(parse.path("sent").path("queueCount").asInt(), d.path("queueCount").asInt());
        assertEquals(1, eventsForSerial(EventTypes.MESSAGE_SENT, serial).size(), "applied once");

        String other = publishCommand(r.device(), r.serial(), "sendMessage", message(FRIEND, 1, contentOf(1)));
        awaitStatus(other, CommandStatus.PENDING);
        try (LineDeviceSimulator device = r.device().simulator(base.toString())) {
            Reply failed = device.callback("/LineProtocol/SendMessage", r.serial(), "8613189639268",
                    LineFixtures.object("send-message-failure.json").put("serial_no", other));
            assertEquals(200, failed.status());
        }
        assertEquals("发送失败", awaitStatus(other, CommandStatus.FAILED).reason);
    }

    @Test
    void aResultThatDoesNotFitItsCommandIsRefusedAndChangesNothing() {
        Robot r = robot();
        String serial = publishCommand(r.device(), r.serial(), "sendGroupMessage", message("cothergroup", 0, "x"));
        String friends = publishCommand(r.device(), r.serial(), "getFriendList", JSON.createObjectNode());
        awaitStatus(serial, CommandStatus.PENDING);
        awaitStatus(friends, CommandStatus.PENDING);
        try (LineDeviceSimulator device = r.device().simulator(base.toString())) {
            Reply strange = device.callback("/LineProtocol/SendMessage", r.serial(), "861",
                    LineFixtures.object("send-message-text.json").put("serial_no", serial));
            assertEquals(400, strange.status(), strange.toString());
            assertTrue(strange.message().contains("not the message's group cothergroup"), strange.message());
            Reply notASend = device.callback("/LineProtocol/SendMessage", r.serial(), "861",
                    LineFixtures.object("send-message-image.json").put("serial_no", friends));
            assertEquals(400, notASend.status());
            assertTrue(notASend.message().contains("not a message send"), notASend.message());
            Device stranger = registerDevice(id("mch_"));
            try (LineDeviceSimulator other = stranger.simulator(base.toString())) {
                assertEquals(403, other.callback("/LineProtocol/SendMessage", r.serial(), "861",
                        LineFixtures.object("send-message-image.json").put("serial_no", serial)).status());
            }
        }
        assertEquals(CommandStatus.PENDING, command(serial).status);
        assertTrue(eventsForSerial(EventTypes.MESSAGE_SENT, serial).isEmpty());
    }

    @Test
    void aContentTheDeviceCannotBeSentFailsAtOnceSayingWhy() {
        Robot r = robot();
        ObjectNode noTarget = message(FRIEND, 0, "hi");
        noTarget.remove("targetId");
        assertEquals("sendMessage needs content.targetId (a string)",
                awaitStatus(publishCommand(r.device(), r.serial(), "sendMessage", noTarget), CommandStatus.FAILED).reason);
        assertEquals("msg_type must be between 0 and 6",
                awaitStatus(publishCommand(r.device(), r.serial(), "sendMessage", message(FRIEND, 9, "hi")),
                        CommandStatus.FAILED).reason);
        assertEquals("sendMessage msg_type 5 (location) needs content to be a JSON object",
                awaitStatus(publishCommand(r.device(), r.serial(), "sendMessage", message(FRIEND, 5, "Tokyo")),
                        CommandStatus.FAILED).reason);
    }
}
