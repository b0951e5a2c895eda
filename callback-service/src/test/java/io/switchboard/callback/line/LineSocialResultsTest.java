package io.switchboard.callback.line;

import static io.switchboard.callback.line.LineTestSupport.awaitEvent;
import static io.switchboard.callback.line.LineTestSupport.awaitStatus;
import static io.switchboard.callback.line.LineTestSupport.command;
import static io.switchboard.callback.line.LineTestSupport.eventsForSerial;
import static io.switchboard.callback.line.LineTestSupport.id;
import static io.switchboard.callback.line.LineTestSupport.publishCommand;
import static io.switchboard.callback.line.LineTestSupport.registerDevice;
import static io.switchboard.callback.line.LineTestSupport.robotOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.callback.FakeAccountService;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.command.CommandStatus;
import io.switchboard.callback.line.LineTestSupport.Device;
import io.switchboard.common.event.EventTypes;
import io.switchboard.sim.line.LineDeviceSimulator;
import io.switchboard.sim.line.LineFixtures;
import io.switchboard.sim.line.Reply;
import java.net.URL;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The friend and group results a LINE device posts (cmds 10001–10006, 10008, 10010), through the real device
 * simulator: each finishes its command once with the normalised event of docs/SOCIAL.md, whose data is the
 * fixture's expected parse; a failure, a repeat, another merchant's device and a malformed RetBody behave as
 * docs/LINE_DEVICE.md says.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class LineSocialResultsTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TestHTTPResource("/")
    URL base;

    /**
     * One result: the callback action, the command's operation and unified content (docs/SOCIAL.md), the fixture it
     * posts, the event it must publish and that event's data made from the fixture's expected parse.
     */
    record Case(String action, String operation, ObjectNode content, String fixture, String eventType,
                Function<JsonNode, JsonNode> expectedData) {
        @Override
        public String toString() {
            return action;
        }
    }

    private static final ObjectNode INVITE = NODES.objectNode().put("groupId", "cef4f0ec04f6b968884ba40013166f360");
    private static final ObjectNode QUIT = NODES.objectNode().put("groupId", "cef4f0ec04f6b968884ba40013166f360");

    static {
        INVITE.putArray("userIds").add("ub34a28e2307ec56aab39cf20b5090055").add("u907351e182e24dcd836adef0945c2dc9");
    }

    static final List<Case> CASES = List.of(
            new Case("AddFriend", "addFriend", NODES.objectNode().put("phone", "8613189639268"), "add-friend.json",
                    EventTypes.CONTACT_ADDED, parse -> {
                        ObjectNode d = NODES.objectNode();
                        d.set("contact", ((ObjectNode) parse.path("contacts").get(0).deepCopy())
                                .put("phone", "8613189639268"));
                        return d.put("phone", "8613189639268");
                    }),
            new Case("GetFriendList", "getFriendList", NODES.objectNode(), "friend-list.json",
                    EventTypes.CONTACTS_LISTED, parse -> NODES.objectNode().put("complete", true).put("part", 1)
                            .put("parts", 1).set("contacts", parse.get("contacts"))),
            new Case("SyncContacts", "syncContacts", phones("+8617775866645", "+8613723896951", "+8613000000000"),
                    "sync-contacts.json", EventTypes.CONTACTS_SYNCED,
                    parse -> NODES.objectNode().set("contacts", parse.get("contacts"))),
            new Case("CreateGroup", "createGroup", createGroup(), "create-group-link-info.json",
                    EventTypes.GROUP_CREATED, parse -> NODES.objectNode().set("group", parse.path("groups").get(0))),
            new Case("GetGroupInfo", "getGroupInfo", groupIds("cef4f0ec04f6b968884ba40013166f360"), "group-info.json",
                    EventTypes.GROUP_INFO, parse -> NODES.objectNode().set("groups", parse.get("groups"))),
            new Case("GetGroupList", "getGroupList", NODES.objectNode(), "group-list.json", EventTypes.GROUPS_LISTED,
                    parse -> NODES.objectNode().put("complete", true).put("part", 1).put("parts", 1)
                            .set("groups", parse.get("groups"))),
            new Case("InviteFriendsToGroup", "inviteFriendsToGroup", INVITE, "invite-friends-to-group.json",
                    EventTypes.GROUP_INVITED, parse -> INVITE),
            new Case("QuitGroup", "quitGroup", QUIT, "quit-group.json", EventTypes.GROUP_QUIT, parse -> QUIT));

    private static ObjectNode phones(String... phones) {
        ObjectNode n = NODES.objectNode();
        for (String p : phones) {
            n.withArray("phones").add(p);
        }
        return n;
    }

    private static ObjectNode createGroup() {
        ObjectNode n = NODES.objectNode().put("name", "聊聊吧 321.2");
        n.putArray("userIds").add("u4286b98e72ef2ebcf6f8a9749b0a20b1").add("ua08d7e13bd2c83cee05be89e30aece81");
        return n;
    }

    private static ObjectNode groupIds(String... ids) {
        ObjectNode n = NODES.objectNode();
        for (String id : ids) {
            n.withArray("groupIds").add(id);
        }
        return n;
    }

    private record Sent(Device device, String robot, String serial) {}

    /** A stored command of the case's operation (PENDING: no socket), for a fresh merchant's device and robot. */
    private Sent pending(Case k) {
        Device d = registerDevice(id("mch_"));
        String robot = robotOf(d);
        String serial = publishCommand(d, robot, k.operation(), k.content());
        awaitStatus(serial, CommandStatus.PENDING);
        return new Sent(d, robot, serial);
    }

    private static ObjectNode body(Case k, String serial) {
        return LineFixtures.object(k.fixture()).put("serial_no", serial);
    }

    private Reply post(Device d, String robot, Case k, JsonNode body) {
        try (LineDeviceSimulator device = d.simulator(base.toString())) {
            return device.callback("/LineProtocol/" + k.action(), robot, "8613189639268", body);
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("CASES")
    void theResultSucceedsTheCommandWithItsNormalisedEventOnceAlthoughRepeated(Case k) {
        Sent s = pending(k);
        ObjectNode body = body(k, s.serial());
        try (LineDeviceSimulator device = s.device().simulator(base.toString())) {
            for (int i = 0; i < 2; i++) { // the device's retry: the same bytes
                Reply r = device.post("/LineProtocol/" + k.action(),
                        java.util.Map.of("robot-serial_no", s.robot()), body.toString());
                assertEquals(200, r.status(), r.toString());
                assertEquals(NODES.objectNode().put("success", true).put("message", ""), r.body());
            }
        }
        CommandRecord c = awaitStatus(s.serial(), CommandStatus.SUCCEEDED);
        assertTrue(c.result != null && !c.result.isBlank(), "a result summary is kept for getTask");
        JsonNode event = awaitEvent(k.eventType(), e -> s.serial().equals(e.path("serialNo").asText()));
        assertEquals(s.device().merchantId(), event.path("merchantId").asText());
        assertEquals(s.robot(), event.path("robotSerialNo").asText());
        JsonNode parse = LineFixtures.json(LineFixtures.expectedOf(k.fixture())).path("parse");
        LineRetBodyTest.compare(k.eventType(), k.expectedData().apply(parse), event.path("data"));
        assertEquals(1, eventsForSerial(k.eventType(), s.serial()).size(), "applied once");
        assertEquals(1, eventsForSerial(EventTypes.COMMAND_SUCCEEDED, s.serial()).size(), "finished once");
        // The repeat was recognised as one (device_inbox), not merely found finished.
        long recorded = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ((Number) LineTestSupport
                .bean(jakarta.persistence.EntityManager.class)
                .createNativeQuery("select count(*) from device_inbox where device_no = ?1 and action = ?2")
                .setParameter(1, s.device().deviceNo()).setParameter(2, k.action()).getSingleResult()).longValue());
        assertEquals(1, recorded, "one dedup record for the result and its repeat");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("CASES")
    void aNonZeroRetFailsTheCommandWithRetMsg(Case k) {
        Sent s = pending(k);
        ObjectNode body = body(k, s.serial());
        ((ObjectNode) body.get("dc_data")).put("Ret", -1).put("RetMsg", k.action() + " refused by LINE")
                .put("RetBody", "");
        Reply r = post(s.device(), s.robot(), k, body);
        assertEquals(200, r.status(), r.toString());
        CommandRecord c = awaitStatus(s.serial(), CommandStatus.FAILED);
        assertEquals(k.action() + " refused by LINE", c.reason);
        JsonNode failed = awaitEvent(EventTypes.COMMAND_FAILED, e -> s.serial().equals(e.path("serialNo").asText()));
        assertEquals(k.action() + " refused by LINE", failed.path("data").path("reason").asText());
        assertTrue(eventsForSerial(k.eventType(), s.serial()).isEmpty(), "no " + k.eventType() + " for a failure");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("CASES")
    void anotherMerchantsDeviceCannotReportIntoThisRobot(Case k) {
        Sent s = pending(k);
        Device stranger = registerDevice(id("mch_"));
        Reply r = post(stranger, s.robot(), k, body(k, s.serial()));
        assertEquals(403, r.status(), r.toString());
        assertTrue(r.message().contains("another merchant"), r.message());
        // The same merchant's other device may not answer for this one either.
        Device sibling = registerDevice(s.device().merchantId());
        Reply r2 = post(sibling, s.robot(), k, body(k, s.serial()));
        assertEquals(403, r2.status(), r2.toString());
        assertEquals(CommandStatus.PENDING, command(s.serial()).status, "nothing changed");
        assertTrue(eventsForSerial(k.eventType(), s.serial()).isEmpty());
        assertTrue(eventsForSerial(EventTypes.COMMAND_SUCCEEDED, s.serial()).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("CASES")
    void aMalformedRetBodyIsRefusedAndChangesNothing(Case k) {
        Sent s = pending(k);
        ObjectNode body = body(k, s.serial());
        ((ObjectNode) body.get("dc_data")).put("RetBody", "{\"__isset\":{\"parm\":true},\"Parm\":");
        Reply r = post(s.device(), s.robot(), k, body);
        assertEquals(400, r.status(), r.toString());
        assertTrue(r.message().contains("RetBody is not a JSON document"), r.message());
        // Then the good result still applies: the refused one left no dedup record and no status behind.
        assertEquals(CommandStatus.PENDING, command(s.serial()).status, "nothing changed");
        assertTrue(eventsForSerial(k.eventType(), s.serial()).isEmpty());
        assertEquals(200, post(s.device(), s.robot(), k, body(k, s.serial())).status());
        awaitStatus(s.serial(), CommandStatus.SUCCEEDED);
    }

    @Test
    void aResultOfAnotherKindOrAShapeTheSeedDoesNotHaveIsRefused() {
        Case friends = CASES.get(1);
        Sent s = pending(friends);
        // A group list posted for a getFriendList command.
        Reply wrongKind = post(s.device(), s.robot(), CASES.get(5), body(CASES.get(5), s.serial()));
        assertEquals(400, wrongKind.status(), wrongKind.toString());
        assertTrue(wrongKind.message().contains("is a getFriendList command, not getGroupList"), wrongKind.message());
        // ContactsData that is not a map of user id → contact.
        ObjectNode body = body(friends, s.serial());
        ObjectNode rb = (ObjectNode) LineFixtures.retBody(friends.fixture());
        ((ObjectNode) rb.get("Parm")).putArray("ContactsData");
        ((ObjectNode) body.get("dc_data")).put("RetBody", rb.toString());
        Reply badShape = post(s.device(), s.robot(), friends, body);
        assertEquals(400, badShape.status(), badShape.toString());
        assertTrue(badShape.message().contains("ContactsData must be an object"), badShape.message());
        // Two groups for one CreateGroup.
        Case create = CASES.get(3);
        Sent g = pending(create);
        ObjectNode two = body(create, g.serial());
        ObjectNode grb = (ObjectNode) LineFixtures.retBody(create.fixture());
        ((com.fasterxml.jackson.databind.node.ArrayNode) grb.path("Parm").path("Chats"))
                .add(LineFixtures.retBody("group-list.json").path("Parm").path("Chats").get(0));
        ((ObjectNode) two.get("dc_data")).put("RetBody", grb.toString());
        Reply twoGroups = post(g.device(), g.robot(), create, two);
        assertEquals(400, twoGroups.status(), twoGroups.toString());
        assertTrue(twoGroups.message().contains("exactly one group"), twoGroups.message());
        assertEquals(CommandStatus.PENDING, command(s.serial()).status);
        assertEquals(CommandStatus.PENDING, command(g.serial()).status);
    }

    @Test
    void eachOperationIsPushedAsItsSeedCmdWithTheDocumentedContent() throws Exception {
        Device d = registerDevice(id("mch_"));
        String robot = robotOf(d);
        ObjectNode invite = INVITE.deepCopy();
        invite.putObject("groupInfo").put("groupKey", "umt+bo6X").put("groupTagB", 59542651).put("ownerTagB", 4094372);
        try (LineDeviceSimulator device = d.simulator(base.toString())) {
            device.connect();
            String[][] expected = {
                    {"addFriend", "10001", "{\"phone\":\"8613189639268\"}"},
                    {"getFriendList", "10002", "\"\""},
                    {"createGroup", "10003", "{\"group_name\":\"聊聊吧 321.2\",\"user_ids\":"
                            + "[\"u4286b98e72ef2ebcf6f8a9749b0a20b1\",\"ua08d7e13bd2c83cee05be89e30aece81\"]}"},
                    {"getGroupInfo", "10004", "{\"group_ids\":[\"cef4f0ec04f6b968884ba40013166f360\"],"
                            + "\"group_info\":null}"},
                    {"getGroupInfo", "10004", "{\"group_ids\":[\"c1\",\"c2\",\"c3\"],\"group_info\":["
                            + "{\"group_id\":\"c1\",\"group_key\":\"k1\",\"group_tag_b\":11,\"owner_user_id\":\"u-owner\","
                            + "\"owner_tag_b\":12},{\"group_id\":\"c3\",\"group_key\":\"k3\",\"group_tag_b\":31,"
                            + "\"owner_user_id\":null,\"owner_tag_b\":32}]}"},
                    {"inviteFriendsToGroup", "10005", "{\"group_id\":\"cef4f0ec04f6b968884ba40013166f360\","
                            + "\"user_ids\":[\"ub34a28e2307ec56aab39cf20b5090055\",\"u907351e182e24dcd836adef0945c2dc9\"],"
                            + "\"group_info\":{\"group_id\":\"cef4f0ec04f6b968884ba40013166f360\",\"group_key\":\"umt+bo6X\","
                            + "\"group_tag_b\":59542651,\"owner_user_id\":null,\"owner_tag_b\":4094372}}"},
                    {"quitGroup", "10006", "{\"group_id\":\"cef4f0ec04f6b968884ba40013166f360\",\"group_info\":null}"},
                    {"getGroupList", "10008", "\"\""},
                    {"syncContacts", "10010", "{\"phones\":[\"+8617775866645\",\"+8613723896951\",\"+8613000000000\"]}"}};
            ObjectNode several = groupIds("c1", "c2", "c3");
            ObjectNode infos = several.putObject("groupInfos"); // docs/SOCIAL.md: {groupId: link info | null}
            infos.putObject("c1").put("groupKey", "k1").put("groupTagB", 11).put("ownerTagB", 12)
                    .put("ownerUserId", "u-owner");
            infos.putNull("c2");
            infos.putObject("c3").put("groupKey", "k3").put("groupTagB", 31).put("ownerTagB", 32);
            for (String[] e : expected) {
                ObjectNode content = switch (e[0]) {
                    case "inviteFriendsToGroup" -> invite;
                    case "getGroupInfo" -> e[2].contains("\"c1\"") ? several
                            : CASES.stream().filter(k -> k.operation().equals(e[0])).findFirst().orElseThrow().content();
                    default -> CASES.stream().filter(k -> k.operation().equals(e[0])).findFirst().orElseThrow().content();
                };
                String serial = publishCommand(d, robot, e[0], content);
                io.switchboard.sim.line.PushCommand c = device.awaitCommand(
                        p -> p.serialNo().equals(serial), LineTestSupport.WAIT);
                assertEquals(Integer.parseInt(e[1]), c.cmd(), e[0]);
                assertEquals(0, c.cmdType(), e[0]);
                assertEquals(new com.fasterxml.jackson.databind.ObjectMapper().readTree(e[2]), c.content(), e[0]);
                assertEquals(robot, c.frame().path("robot_serial_no").asText(), e[0]);
            }
        }
        // No LINE command changes a group, and cmd 10001 adds by phone only: both fail at once, saying why.
        String update = publishCommand(d, robot, "updateGroup", NODES.objectNode().put("groupId", "c1").put("name", "x"));
        assertEquals("updateGroup is not supported by protocol LINE_DEVICE (docs/PROTOCOLS.md)",
                awaitStatus(update, CommandStatus.FAILED).reason);
        try (LineDeviceSimulator device = d.simulator(base.toString())) {
            device.connect();
            String byId = publishCommand(d, robot, "addFriend", NODES.objectNode().put("userId", "u1"));
            CommandRecord c = awaitStatus(byId, CommandStatus.FAILED);
            assertTrue(c.reason.contains("addFriend.userId is not supported by protocol LINE_DEVICE"), c.reason);
        }
    }

    @Test
    void theSimulatorsAutopilotAnswersEachCommandConsistentlyWithItsContent() throws Exception {
        Device d = registerDevice(id("mch_"));
        String robot = robotOf(d);
        var settings = new io.switchboard.sim.line.DeviceAutopilot.Settings(false, true, java.time.Duration.ofSeconds(1),
                1, java.time.Duration.ofHours(1), java.time.Duration.ofHours(1));
        try (LineDeviceSimulator device = d.simulator(base.toString());
             var pilot = new io.switchboard.sim.line.DeviceAutopilot(device, settings, line -> { }).start()) {
            device.connect();
            String create = publishCommand(d, robot, "createGroup", createGroup());
            JsonNode group = awaitEvent(EventTypes.GROUP_CREATED, e -> create.equals(e.path("serialNo").asText()))
                    .path("data").path("group");
            String groupId = io.switchboard.sim.line.DeviceAutopilot.groupIdOf(create);
            assertEquals(groupId, group.path("groupId").asText());
            assertEquals("聊聊吧 321.2", group.path("groupName").asText());
            assertTrue(group.path("groupKey").isTextual() && group.path("groupTagB").isNumber(), group.toString());
            assertEquals(3, group.path("memberCount").asInt(), "the owner and the two asked");
            assertTrue(group.toString().contains("ua08d7e13bd2c83cee05be89e30aece81"));

            // Several groups: the link info group-service has for one of them goes with cmd 10004; the device
            // answers with it, and with the link info it fetched for the other.
            ObjectNode asked = groupIds(groupId, "cother0000");
            ObjectNode infos = asked.putObject("groupInfos");
            infos.putObject(groupId).put("groupKey", group.path("groupKey").asText())
                    .put("groupTagB", group.path("groupTagB").asLong()).put("ownerTagB", 777);
            infos.putNull("cother0000");
            String info = publishCommand(d, robot, "getGroupInfo", asked);
            io.switchboard.sim.line.PushCommand pushed = device.awaitCommand(p -> p.serialNo().equals(info),
                    LineTestSupport.WAIT);
            assertEquals(1, pushed.content().path("group_info").size(), pushed.content()::toString);
            assertEquals(groupId, pushed.content().path("group_info").get(0).path("group_id").asText());
            assertEquals(777, pushed.content().path("group_info").get(0).path("owner_tag_b").asLong());
            JsonNode groups = awaitEvent(EventTypes.GROUP_INFO, e -> info.equals(e.path("serialNo").asText()))
                    .path("data").path("groups");
            assertEquals(2, groups.size());
            assertEquals(groupId, groups.get(0).path("groupId").asText());
            assertEquals(group.path("groupKey").asText(), groups.get(0).path("groupKey").asText());
            assertEquals(777, groups.get(0).path("ownerTagB").asLong(), "the carried link info, echoed");
            assertEquals("cother0000", groups.get(1).path("groupId").asText());
            JsonNode fetched = io.switchboard.sim.line.DeviceAutopilot.linkInfo("cother0000", "");
            assertEquals(fetched.path("group_key").asText(), groups.get(1).path("groupKey").asText(),
                    "the link info the device fetched for the group it got none for");

            String add = publishCommand(d, robot, "addFriend", NODES.objectNode().put("phone", "8613900001234"));
            JsonNode added = awaitEvent(EventTypes.CONTACT_ADDED, e -> add.equals(e.path("serialNo").asText()))
                    .path("data");
            assertEquals(io.switchboard.sim.line.DeviceAutopilot.userIdOf("8613900001234"),
                    added.path("contact").path("userId").asText());
            assertEquals("8613900001234", added.path("phone").asText());

            String sync = publishCommand(d, robot, "syncContacts", phones("+8613900001234", "+8613900005678"));
            JsonNode synced = awaitEvent(EventTypes.CONTACTS_SYNCED, e -> sync.equals(e.path("serialNo").asText()))
                    .path("data").path("contacts");
            assertEquals(2, synced.size());
            assertEquals("+8613900005678", synced.get(1).path("phone").asText());

            String invite = publishCommand(d, robot, "inviteFriendsToGroup", INVITE);
            assertEquals(INVITE, awaitEvent(EventTypes.GROUP_INVITED,
                    e -> invite.equals(e.path("serialNo").asText())).path("data"));
            String quit = publishCommand(d, robot, "quitGroup", QUIT);
            awaitStatus(quit, CommandStatus.SUCCEEDED);
            for (String serial : List.of(create, info, add, sync, invite, quit)) {
                assertEquals(CommandStatus.SUCCEEDED, command(serial).status, serial);
            }
        }
    }
}
