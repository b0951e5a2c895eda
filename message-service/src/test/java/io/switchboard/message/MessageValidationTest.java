package io.switchboard.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.sim.merchant.MerchantClient.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The three operations' input rules (docs/API.md "Message operations"): every field refused with a 400 that names
 * it, before account-service is asked and before anything is stored; then the protocol's message types (40011).
 */
@QuarkusTest
@QuarkusTestResource(value = FakeServices.class, restrictToAnnotatedClass = false)
class MessageValidationTest extends MessageTestBase {

    Reply sendWith(Merchant m, Object... kv) {
        return call(m, "sendMessage", data(kv));
    }

    Reply content(Merchant m, String robot, Object content) {
        return call(m, "sendMessage", data("vcRobotSerialNo", robot, "vcFriendSerialNo", "u1", "content", content));
    }

    @Test
    void everyFieldIsCheckedBeforeAccountServiceIsAsked() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_WS");
        Map<String, Object> ok = text("hi");

        assertRefused(sendWith(a, "vcFriendSerialNo", "u1", "content", ok), 400, 40002, "data.vcRobotSerialNo is required");
        assertRefused(sendWith(a, "vcRobotSerialNo", "r".repeat(257), "vcFriendSerialNo", "u1", "content", ok),
                400, 40001, "data.vcRobotSerialNo must be at most 256 characters");
        assertRefused(sendWith(a, "vcRobotSerialNo", robot, "content", ok), 400, 40002, "data.vcFriendSerialNo is required");
        assertRefused(sendWith(a, "vcRobotSerialNo", robot, "vcFriendSerialNo", "u".repeat(257), "content", ok),
                400, 40001, "data.vcFriendSerialNo must be at most 256 characters");
        assertRefused(sendWith(a, "vcRobotSerialNo", robot, "vcFriendSerialNo", Map.of("a", 1), "content", ok),
                400, 40001, "data.vcFriendSerialNo must be a string");
        assertRefused(sendWith(a, "vcRobotSerialNo", robot, "vcFriendSerialNo", "u1"), 400, 40002, "data.content is required");
        assertRefused(content(a, robot, List.of(1)), 400, 40001, "data.content must be a JSON object");
        assertRefused(content(a, robot, "{not json"), 400, 40001, "data.content must be a JSON object");
        assertRefused(sendWith(a, "vcRobotSerialNo", robot, "vcFriendSerialNo", "u1", "content", ok, "colour", "red"),
                400, 40001, "data.colour is not a field");
        assertRefused(content(a, robot, data("msg_type", 0, "msg_content", "x", "colour", 1)),
                400, 40001, "data.content.colour is not a field");

        // msg_type
        assertRefused(content(a, robot, data("msg_content", "x")), 400, 40002, "data.content.msg_type is required");
        assertRefused(content(a, robot, data("msg_type", "text", "msg_content", "x")),
                400, 40001, "data.content.msg_type must be a whole number");
        assertRefused(content(a, robot, data("msg_type", 7, "msg_content", "x")),
                400, 40001, "data.content.msg_type must be between 0 and 6");
        assertRefused(content(a, robot, data("msg_type", -1, "msg_content", "x")),
                400, 40001, "data.content.msg_type must be between 0 and 6");
        assertRefused(content(a, robot, data("msg_type", 1.5, "msg_content", "x")),
                400, 40001, "data.content.msg_type must be a whole number");

        // msg_content by type
        assertRefused(content(a, robot, data("msg_type", 0)), 400, 40002, "data.content.msg_content is required");
        assertRefused(content(a, robot, data("msg_type", 0, "msg_content", "")), 400, 40002,
                "data.content.msg_content is required");
        assertRefused(content(a, robot, data("msg_type", 0, "msg_content", "x".repeat(5_001))),
                400, 40001, "data.content.msg_content must be at most 5000 characters for msg_type 0 (text)");
        assertRefused(content(a, robot, data("msg_type", 0, "msg_content", 42)),
                400, 40001, "data.content.msg_content must be a string for msg_type 0 (text)");
        assertRefused(content(a, robot, data("msg_type", 1, "msg_content", "not a url")),
                400, 40001, "data.content.msg_content must be an http(s) URL without spaces for msg_type 1 (image)");
        assertRefused(content(a, robot, data("msg_type", 4, "msg_content", "https://x.example/" + "f".repeat(2_040))),
                400, 40001, "data.content.msg_content must be at most 2048 characters for msg_type 4 (file)");
        assertRefused(content(a, robot, data("msg_type", 2, "msg_content", Map.of("url", "https://x.example/v"))),
                400, 40001, "data.content.msg_content must be a string for msg_type 2 (video)");
        assertRefused(content(a, robot, data("msg_type", 5, "msg_content", "Tokyo")),
                400, 40001, "data.content.msg_content must be a JSON object (or a string holding one) for msg_type 5");
        assertRefused(content(a, robot, data("msg_type", 5, "msg_content", Map.of("title", "t", "address", "a",
                "latitude", 35.6))), 400, 40002, "data.content.msg_content.longitude is required");
        assertRefused(content(a, robot, data("msg_type", 5, "msg_content", Map.of("title", "t", "address", "a",
                "latitude", 91, "longitude", 0))), 400, 40001,
                "data.content.msg_content.latitude must be a number between -90 and 90");
        assertRefused(content(a, robot, data("msg_type", 5, "msg_content", Map.of("title", "t", "address", "a",
                "latitude", 1, "longitude", 2, "zoom", 3))), 400, 40001,
                "data.content.msg_content.zoom is not a field of a location");
        assertRefused(content(a, robot, data("msg_type", 5, "msg_content", Map.of("title", "t",
                "address", "a".repeat(2_100), "latitude", 1, "longitude", 2))), 400, 40001,
                "data.content.msg_content must be at most 2048 characters of JSON");
        assertRefused(content(a, robot, data("msg_type", 6, "msg_content", Map.of("name", "Ann"))),
                400, 40002, "data.content.msg_content.userId is required");
        assertRefused(content(a, robot, data("msg_type", 6, "msg_content", "{\"userId\":\"u1\",\"userId\":\"u2\"}")),
                400, 40001, "data.content.msg_content must be a JSON object");

        // control characters: at the top they are the gate's (40010); inside a string-held object, the binder's
        assertRefused(content(a, robot, data("msg_type", 0, "msg_content", "a\u0000b")), 400, 40010, "U+0000");
        assertRefused(content(a, robot, "{\"msg_type\":0,\"msg_content\":\"a\\u0000b\"}"),
                400, 40001, "data.content.msg_content must not contain control characters (found U+0000)");
        assertRefused(content(a, robot, "{\"msg_type\":6,\"msg_content\":{\"userId\":\"u\\u0007\"}}"),
                400, 40001, "data.content.msg_content.userId must not contain control characters (found U+0007)");

        // sleeps
        assertRefused(content(a, robot, data("msg_type", 0, "msg_content", "x", "before_sleep_time", -1)),
                400, 40001, "data.content.before_sleep_time must be at least 0");
        assertRefused(content(a, robot, data("msg_type", 0, "msg_content", "x", "after_sleep_time", 60_001)),
                400, 40001, "data.content.after_sleep_time must be at most 60000");
        assertRefused(content(a, robot, data("msg_type", 0, "msg_content", "x", "after_sleep_time", "soon")),
                400, 40001, "data.content.after_sleep_time must be a whole number");

        // the idempotency key
        assertRefused(sendWith(a, "vcRobotSerialNo", robot, "vcFriendSerialNo", "u1", "content", ok,
                "vcClientMsgId", "k".repeat(65)), 400, 40001, "data.vcClientMsgId must be between 1 and 64 characters");
        assertRefused(sendWith(a, "vcRobotSerialNo", robot, "vcFriendSerialNo", "u1", "content", ok,
                "vcClientMsgId", "a b"), 400, 40001, "data.vcClientMsgId must be letters, digits");

        // sendGroupMessage and getMessage
        assertRefused(call(a, "sendGroupMessage", data("vcRobotSerialNo", robot, "content", ok)),
                400, 40002, "data.vcGroupSerialNo is required");
        assertRefused(call(a, "getMessage", data()), 400, 40002, "data.vcSerialNo is required");
        assertRefused(call(a, "getMessage", data("vcSerialNo", "a/b")), 400, 40001, "data.vcSerialNo must be letters");
        assertRefused(call(a, "getMessage", data("vcSerialNo", "s".repeat(65))), 400, 40001,
                "data.vcSerialNo must be at most 64 characters");

        assertEquals(0, FakeServices.robotCalls(robot), "no bad request reached account-service");
        assertEquals(0, count("select count(*) from outbound_message where robot_serial_no = ?1", robot),
                "nothing stored");
    }

    @Test
    void acceptedShapesAreStoredAsGiven() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_WS");
        pacing(robot, 0);
        // content as a JSON string holding the object, msg_type as a string (form-encoded clients)
        Reply r = content(a, robot, "{\"msg_type\":\"0\",\"msg_content\":\"line one\\nline two 😀\"}");
        assertTrue(r.success(), r.body()::toString);
        assertEquals("line one\nline two 😀", rows("select content, msg_type from outbound_message where serial_no = ?1",
                r.data().path("vcSerialNo").asText()).get(0)[0]);
        String text5000 = "😀".repeat(5_000); // 5,000 characters, 10,000 UTF-16 units
        assertTrue(content(a, robot, text(text5000)).success());

        // location as an object: stored (and sent) as its JSON text; as a string: the string as given
        Reply loc = content(a, robot, data("msg_type", 5, "msg_content", Map.of("title", "Tower", "address",
                "4 Chome-2-8 Shibakoen", "latitude", 35.6586, "longitude", 139.7454)));
        assertTrue(loc.success(), loc.body()::toString);
        String stored = (String) rows("select content, 0 from outbound_message where serial_no = ?1",
                loc.data().path("vcSerialNo").asText()).get(0)[0];
        assertEquals(35.6586, read(stored).path("latitude").asDouble());
        String given = "{ \"userId\": \"u42\", \"name\": \"Ann\" }";
        Reply card = content(a, robot, data("msg_type", "6", "msg_content", given));
        assertTrue(card.success(), card.body()::toString);
        assertEquals(given, rows("select content, 0 from outbound_message where serial_no = ?1",
                card.data().path("vcSerialNo").asText()).get(0)[0]);
        Reply image = content(a, robot, data("msg_type", 1, "msg_content", "https://cdn.example/a.png",
                "before_sleep_time", "1000", "after_sleep_time", 0));
        assertTrue(image.success(), image.body()::toString);
    }

    @Test
    void aTypeTheProtocolLacksIs40011AndNothingIsStored() {
        Merchant a = merchant("merchant-a");
        String chat68 = robot(a, "CHAT68_WS");
        Map<String, Object> location = data("msg_type", 5, "msg_content", Map.of("title", "t", "address", "a",
                "latitude", 1, "longitude", 2));
        assertRefused(content(a, chat68, location), 400, 40011,
                "sendMessage msg_type 5 (location) is not supported by protocol CHAT68_WS");
        assertRefused(content(a, chat68, data("msg_type", 6, "msg_content", Map.of("userId", "u9"))), 400, 40011,
                "msg_type 6 (contact) is not supported by protocol CHAT68_WS");
        String im = robot(a, "IM_HTTP");
        assertRefused(call(a, "sendGroupMessage", data("vcRobotSerialNo", im, "vcGroupSerialNo", "g1",
                "content", location)), 400, 40011, "sendGroupMessage msg_type 5 (location) is not supported by protocol IM_HTTP");
        assertEquals(0, count("select count(*) from outbound_message where robot_serial_no in (?1, ?2)", chat68, im));
        String line = robot(a, "LINE_DEVICE");
        assertTrue(content(a, line, location).success(), "LINE devices send locations");
    }

    @Test
    void tenancyOnEveryDoor() {
        Merchant a = merchant("merchant-a");
        Merchant b = merchant("merchant-b");
        String robotA = robot(a, "LINE_WS");
        assertRefused(content(b, robotA, text("hi")), 403, 40301, "belongs to another merchant");
        assertRefused(content(b, "no-such-robot", text("hi")), 404, 40403, "not found");
        Reply mine = send(a, robotA, "hi");
        String serial = mine.data().path("vcSerialNo").asText();
        assertRefused(call(b, "getMessage", data("vcSerialNo", serial)), 404, 40401, "not found");
        Reply read = call(a, "getMessage", data("vcSerialNo", serial));
        assertTrue(read.success(), read.body()::toString);
        assertEquals(robotA, read.data().path("vcRobotSerialNo").asText());
        assertEquals("u1", read.data().path("vcFriendSerialNo").asText());
        assertTrue(read.data().path("vcGroupSerialNo").isMissingNode(), "a friend's message names no group");
        assertEquals("hi", read.data().path("msg_content").asText());
        assertNull(command("never-" + serial));
    }
}
