package io.switchboard.group;

import static io.switchboard.group.GroupTestSupport.awaitSkipped;
import static io.switchboard.group.GroupTestSupport.command;
import static io.switchboard.group.GroupTestSupport.content;
import static io.switchboard.group.GroupTestSupport.count;
import static io.switchboard.group.GroupTestSupport.group;
import static io.switchboard.group.GroupTestSupport.merchant;
import static io.switchboard.group.GroupTestSupport.obj;
import static io.switchboard.group.GroupTestSupport.robot;
import static io.switchboard.group.GroupTestSupport.robotEvent;
import static io.switchboard.group.GroupTestSupport.webhooks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.event.EventTypes;
import io.switchboard.group.GroupTestSupport.Merchant;
import io.switchboard.sim.merchant.MerchantClient.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The five extra group operations (docs/SOCIAL.md "The extra operations", docs/API.md): validation before
 * account-service is asked, the command content, the answer that points to getTask, protocol support and tenancy.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class GroupExtraOperationsTest extends SignedApiTest {
    static final String LINK = "https://line.me/R/ti/g/AbCdEf";

    /** Refused with the code and text, nothing queued for it. */
    static void assertRefusedUnqueued(Reply r, int status, int code, String text) {
        assertRefused(r, status, code, text);
        assertNull(command(r.serialNo()), () -> "no command for a refused call: " + r.body());
    }

    @Test
    void badInputIsRefusedBeforeAccountServiceIsAskedAndNothingIsQueued() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_WS");
        String longId = "g".repeat(257);
        for (String op : List.of("acceptGroupInvitation", "rejectGroupInvitation", "getGroupQrCode")) {
            assertRefusedUnqueued(call(a, op, data("vcRobotSerialNo", robot)), 400, 40002,
                    "data.vcGroupSerialNo is required");
            assertRefusedUnqueued(call(a, op, data("vcRobotSerialNo", robot, "vcGroupSerialNo", longId)), 400, 40001,
                    "data.vcGroupSerialNo must be at most 256 characters");
            assertRefusedUnqueued(call(a, op, data("vcGroupSerialNo", "g1")), 400, 40002,
                    "data.vcRobotSerialNo is required");
            assertRefusedUnqueued(call(a, op, data("vcRobotSerialNo", robot, "vcGroupSerialNo", List.of("g1"))), 400,
                    40001, "data.vcGroupSerialNo");
        }

        assertRefusedUnqueued(call(a, "joinGroupByUrl", data("vcRobotSerialNo", robot)), 400, 40002,
                "data.url is required");
        assertRefusedUnqueued(call(a, "joinGroupByUrl", data("vcRobotSerialNo", robot, "url", "ftp://x/g")), 400,
                40001, "data.url");
        assertRefusedUnqueued(call(a, "joinGroupByUrl", data("vcRobotSerialNo", robot, "url", "https://x/a b")), 400,
                40001, "data.url");
        assertRefusedUnqueued(call(a, "joinGroupByUrl", data("vcRobotSerialNo", robot,
                "url", "https://x/" + "a".repeat(2039))), 400, 40001, "data.url must be at most 2048 characters");
        assertRefusedUnqueued(call(a, "joinGroupByUrl", data("vcRobotSerialNo", robot, "url", LINK,
                "vcGroupSerialNo", longId)), 400, 40001, "data.vcGroupSerialNo must be at most 256 characters");

        assertRefusedUnqueued(call(a, "searchGroup", data("vcRobotSerialNo", robot)), 400, 40002,
                "exactly one of url and id");
        assertRefusedUnqueued(call(a, "searchGroup", data("vcRobotSerialNo", robot, "url", LINK, "id", "g1")), 400,
                40001, "exactly one of url and id");
        assertRefusedUnqueued(call(a, "searchGroup", data("vcRobotSerialNo", robot, "url", "line.me/g")), 400,
                40001, "data.url");
        assertRefusedUnqueued(call(a, "searchGroup", data("vcRobotSerialNo", robot, "id", longId)), 400, 40001,
                "data.id must be at most 256 characters");
        assertRefusedUnqueued(call(a, "searchGroup", data("vcRobotSerialNo", robot, "id", "g1", "name", "x")), 400,
                40001, "data.name is not a field");

        assertEquals(0, FakeAccountService.robotCalls(robot), "no bad request reached account-service");
    }

    @Test
    void eachOperationQueuesTheUnifiedContentAndAnswersWithItsSerialForGetTask() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_WS");
        seedGroups(a, robot, group("g-member", "in it", 2));

        Reply accept = call(a, "acceptGroupInvitation", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g-new"));
        assertQueued(accept, robot, "acceptGroupInvitation", "g-new");
        assertEquals(obj().put("groupId", "g-new"), content(accept.serialNo()), "a group the store does not know");

        Reply reject = call(a, "rejectGroupInvitation", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g-other"));
        assertQueued(reject, robot, "rejectGroupInvitation", "g-other");
        assertEquals(obj().put("groupId", "g-other"), content(reject.serialNo()));

        Reply join = call(a, "joinGroupByUrl", data("vcRobotSerialNo", robot, "url", LINK));
        assertQueued(join, robot, "joinGroupByUrl", null);
        assertEquals(obj().put("url", LINK), content(join.serialNo()), "no groupId when none is given");
        Reply joinId = call(a, "joinGroupByUrl", data("vcRobotSerialNo", robot, "url", LINK, "vcGroupSerialNo", "g-j"));
        assertQueued(joinId, robot, "joinGroupByUrl", "g-j");
        assertEquals(obj().put("url", LINK).put("groupId", "g-j"), content(joinId.serialNo()));

        Reply qr = call(a, "getGroupQrCode", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g-member"));
        assertQueued(qr, robot, "getGroupQrCode", "g-member");
        assertEquals(obj().put("groupId", "g-member"), content(qr.serialNo()));

        Reply byUrl = call(a, "searchGroup", data("vcRobotSerialNo", robot, "url", LINK));
        assertQueued(byUrl, robot, "searchGroup", null);
        assertEquals(obj().put("url", LINK), content(byUrl.serialNo()));
        Reply byId = call(a, "searchGroup", data("vcRobotSerialNo", robot, "id", "g-found"));
        assertQueued(byId, robot, "searchGroup", null);
        assertEquals(obj().put("id", "g-found"), content(byId.serialNo()));

        assertEquals(7, count("select count(*) from group_command where robot_serial_no = ?1 and operation in "
                + "('acceptGroupInvitation','rejectGroupInvitation','joinGroupByUrl','getGroupQrCode','searchGroup')",
                robot), "each command is recorded as group-service's");
        assertEquals(1, count("select count(*) from chat_group where robot_serial_no = ?1", robot),
                "nothing is stored for an invitation, a join or a search");

        // No webhook for these, also when the command fails (seed 001 has no callback type for them).
        var failed = robotEvent(EventTypes.COMMAND_FAILED, a.merchantId(), robot, accept.serialNo(),
                obj().put("operation", "acceptGroupInvitation").put("status", "FAILED").put("reason", "expired"));
        awaitSkipped(failed);
        List<String> serials = new ArrayList<>();
        webhooks(robot).forEach(w -> serials.add(w.path("serialNo").asText()));
        assertTrue(serials.stream().noneMatch(s -> List.of(accept.serialNo(), reject.serialNo(), join.serialNo(),
                qr.serialNo(), byUrl.serialNo()).contains(s)), "no webhook: " + serials);
    }

    static void assertQueued(Reply r, String robot, String operation, String groupId) {
        assertTrue(r.success(), r.body()::toString);
        assertEquals(robot, r.data().path("vcRobotSerialNo").asText());
        assertEquals(operation, r.data().path("operation").asText());
        assertEquals(groupId, r.data().path("vcGroupSerialNo").textValue());
        assertEquals(r.serialNo(), r.data().path("vcSerialNo").asText(), "the command's serial, for getTask");
        assertTrue(r.data().path("result").asText().contains("getTask"), r.body()::toString);
        JsonNode cmd = command(r.serialNo());
        assertEquals(operation, cmd.path("data").path("operation").asText());
        assertEquals("LINE_WS", cmd.path("data").path("protocol").asText());
    }

    @Test
    void getGroupQrCodeNeedsAStoredGroupTheRobotIsIn() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "CHAT68_WS");
        seedGroups(a, robot, group("g-in", "in", 1), group("g-left", "left", 1));
        seedGroups(a, robot, group("g-in", "in", 1)); // a complete list without g-left: the robot left it

        Reply ok = call(a, "getGroupQrCode", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g-in"));
        assertTrue(ok.success(), ok.body()::toString);
        assertEquals(obj().put("groupId", "g-in"), content(ok.serialNo()));
        assertRefusedUnqueued(call(a, "getGroupQrCode", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g-none")),
                404, 40401, "group 'g-none' of robot");
        assertRefusedUnqueued(call(a, "getGroupQrCode", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g-left")),
                409, 40902, "has left group 'g-left'");
    }

    /** An operation a protocol lacks (docs/PROTOCOLS.md), with data that is otherwise valid. */
    record Lacking(String protocol, String operation, Map<String, Object> data) {}

    @Test
    void anOperationTheProtocolLacksIsRefusedWith40011AndNothingIsQueued() {
        Merchant a = merchant("merchant-a");
        Map<String, String> robots = new HashMap<>();
        for (String protocol : List.of("CHAT68_WS", "IM_HTTP", "LINE_DEVICE")) {
            robots.put(protocol, robot(a, protocol));
        }
        // IM_HTTP has g1 stored but no QR code operation: the protocol is checked before the store.
        seedGroups(a, robots.get("IM_HTTP"), group("g1", "one", 1));
        for (Lacking c : List.of(
                new Lacking("CHAT68_WS", "joinGroupByUrl", data("url", LINK)),
                new Lacking("IM_HTTP", "joinGroupByUrl", data("url", LINK)),
                new Lacking("IM_HTTP", "searchGroup", data("url", LINK)),
                new Lacking("CHAT68_WS", "searchGroup", data("id", "g1")),
                new Lacking("LINE_DEVICE", "acceptGroupInvitation", data("vcGroupSerialNo", "g1")),
                new Lacking("CHAT68_WS", "rejectGroupInvitation", data("vcGroupSerialNo", "g1")),
                new Lacking("IM_HTTP", "getGroupQrCode", data("vcGroupSerialNo", "g1")))) {
            c.data().put("vcRobotSerialNo", robots.get(c.protocol()));
            assertRefusedUnqueued(call(a, c.operation(), c.data()), 400, 40011,
                    c.operation() + " is not supported by protocol " + c.protocol() + " (docs/PROTOCOLS.md)");
        }
    }

    @Test
    void merchantBCannotActThroughMerchantAsRobot() {
        Merchant a = merchant("merchant-a");
        Merchant b = merchant("merchant-b");
        String robotA = robot(a, "LINE_WS");
        seedGroups(a, robotA, group("g-a", "A's group", 1));
        List<Reply> replies = List.of(
                call(b, "acceptGroupInvitation", data("vcRobotSerialNo", robotA, "vcGroupSerialNo", "g-x")),
                call(b, "rejectGroupInvitation", data("vcRobotSerialNo", robotA, "vcGroupSerialNo", "g-x")),
                call(b, "joinGroupByUrl", data("vcRobotSerialNo", robotA, "url", LINK)),
                call(b, "getGroupQrCode", data("vcRobotSerialNo", robotA, "vcGroupSerialNo", "g-a")),
                call(b, "searchGroup", data("vcRobotSerialNo", robotA, "id", "g-a")));
        for (Reply r : replies) {
            assertRefusedUnqueued(r, 403, 40301, "belongs to another merchant");
        }
        assertRefusedUnqueued(call(b, "searchGroup", data("vcRobotSerialNo", "no-such-robot", "id", "g-a")), 404,
                40403, "not found");
        assertEquals(0, count("select count(*) from group_command where robot_serial_no = ?1 and operation <> "
                + "'getGroupList'", robotA));
    }

    @Test
    void theApiDocumentShowsTheFiveOperations() {
        String doc = io.restassured.RestAssured.given().baseUri(base).queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString();
        for (String op : List.of("acceptGroupInvitation", "rejectGroupInvitation", "joinGroupByUrl", "getGroupQrCode",
                "searchGroup")) {
            assertTrue(doc.contains("\"/openapi/v1/" + op + "\""), op + " is documented");
        }
        assertTrue(doc.contains("\"Queued\""), "the answer is documented as a component");
    }
}
