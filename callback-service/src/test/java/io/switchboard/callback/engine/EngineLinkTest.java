package io.switchboard.callback.engine;

import static io.switchboard.callback.line.LineTestSupport.await;
import static io.switchboard.callback.line.LineTestSupport.awaitEvent;
import static io.switchboard.callback.line.LineTestSupport.awaitStatus;
import static io.switchboard.callback.line.LineTestSupport.bean;
import static io.switchboard.callback.line.LineTestSupport.command;
import static io.switchboard.callback.line.LineTestSupport.eventsForRobot;
import static io.switchboard.callback.line.LineTestSupport.eventsForSerial;
import static io.switchboard.callback.line.LineTestSupport.id;
import static io.switchboard.callback.line.LineTestSupport.publish;
import static io.switchboard.callback.line.LineTestSupport.sampleContent;
import static io.switchboard.callback.line.LineTestSupport.sendContent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.callback.FakeAccountService;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.command.CommandStatus;
import io.switchboard.callback.driver.engine.EngineRuntime;
import io.switchboard.callback.line.LineTestSupport;
import io.switchboard.callback.link.RobotLinks;
import io.switchboard.common.event.Presence;
import io.switchboard.common.event.EventTypes;
import io.switchboard.sim.SentMessage;
import io.switchboard.sim.engine.EngineServer;
import io.switchboard.sim.engine.EngineSimulator;
import io.switchboard.sim.engine.IncomingMedia;
import io.switchboard.sim.engine.IncomingText;
import io.switchboard.sim.engine.Pushed;
import io.switchboard.sim.engine.Received;
import io.switchboard.sim.engine.chat68.Chat68Engine;
import io.switchboard.sim.engine.imhttp.ImHttpApp;
import io.switchboard.sim.engine.linews.LineWsEngine;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The three engine drivers against their simulators (docs/ENGINES.md): login, link state, pushes, logout, and the
 * engine faults issue 7 names — each protocol through the same scenario, so they cannot drift apart.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class EngineLinkTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String PASSWORD = "s3cret-pw";

    @Inject
    ObjectMapper json;
    @Inject
    RedisDataSource redis;
    @Inject
    EngineRuntime runtime;

    static EngineSimulator start(String protocol) {
        EngineSimulator sim = switch (protocol) {
            case "LINE_WS" -> LineWsEngine.start(0).password(PASSWORD);
            case "CHAT68_WS" -> Chat68Engine.start(0);
            case "IM_HTTP" -> ImHttpApp.start(0).password(PASSWORD);
            default -> throw new IllegalArgumentException(protocol);
        };
        return sim.logTo(EngineServer.stdout(protocol + "-sim"));
    }

    /** The engine request a login starts with, by the simulators' names. */
    static String loginRequest(String protocol) {
        return switch (protocol) {
            case "LINE_WS" -> "Login";
            case "CHAT68_WS" -> "UserInfo";
            default -> "login.exportLogin";
        };
    }

    /** The unified login content account-service sends, per protocol. */
    ObjectNode loginParams(String protocol, EngineSimulator sim) {
        ObjectNode p = json.createObjectNode();
        if (protocol.equals("LINE_WS")) {
            p.put("email", "robot@example.com").put("password", PASSWORD)
                    .put("cert", ((LineWsEngine) sim).certOf("robot@example.com"));
        } else if (protocol.equals("IM_HTTP")) {
            p.put("password", PASSWORD);
        }
        return p;
    }

    record Robot(String merchant, String serial, String protocol, EngineSimulator sim) {}

    Robot robot(String protocol, EngineSimulator sim) {
        return new Robot(id("mch_"), id("robot-"), protocol, sim);
    }

    String login(Robot r, long deadlineAt) {
        return publish(r.merchant(), r.serial(), "login", r.protocol(), null, r.sim().url(), loginParams(r.protocol(),
                r.sim()), deadlineAt);
    }

    String login(Robot r) {
        return login(r, System.currentTimeMillis() + 30_000);
    }

    String logout(Robot r) {
        return publish(r.merchant(), r.serial(), "logout", r.protocol(), null, null, json.createObjectNode(),
                System.currentTimeMillis() + 30_000);
    }

    static CommandRecord awaitFinished(String serial) {
        return await(() -> command(serial), c -> c != null && c.status.terminal(), "command " + serial + " to finish");
    }

    static JsonNode awaitLinkState(Robot r, String state) {
        return awaitEvent(EventTypes.ROBOT_LINK_CHANGED, e -> r.serial().equals(e.path("robotSerialNo").asText())
                && state.equals(e.path("data").path("state").asText()));
    }

    static String desired(Robot r) {
        return QuarkusTransaction.requiringNew().call(() -> bean(RobotLinks.class).find(r.serial())
                .map(l -> l.desired).orElse(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"LINE_WS", "CHAT68_WS", "IM_HTTP"})
    void loginIncomingMessageAndLogoutThroughTheEngine(String protocol) {
        try (EngineSimulator sim = start(protocol)) {
            Robot r = robot(protocol, sim);
            String serial = login(r);
            CommandRecord done = awaitFinished(serial);
            assertEquals(CommandStatus.SUCCEEDED, done.status, done.reason);
            JsonNode ok = awaitEvent(EventTypes.ROBOT_LOGIN_SUCCEEDED, e -> serial.equals(e.path("serialNo").asText()));
            assertFalse(ok.path("data").path("userId").asText("").isEmpty(), ok::toString);
            JsonNode up = awaitLinkState(r, "CONNECTED");
            assertEquals(protocol, up.path("data").path("protocol").asText());
            // The probe is the robot's heartbeat.
            await(() -> redis.sortedSet(String.class).zscore(Presence.ROBOTS, r.serial()).isPresent(), b -> b,
                    "a heartbeat from the probe");

            sim.pushIncomingText(IncomingText.direct("friend-1", "hello from " + protocol));
            JsonNode msg = awaitEvent(EventTypes.MESSAGE_RECEIVED, e -> r.serial().equals(e.path("robotSerialNo").asText()));
            assertEquals(r.merchant(), msg.path("merchantId").asText());
            assertEquals(protocol, msg.path("data").path("protocol").asText());
            assertEquals("hello from " + protocol, msg.path("data").path("content").asText());
            assertEquals(0, msg.path("data").path("msgType").asInt());
            assertFalse(msg.path("data").path("messageId").asText("").isEmpty(), msg::toString);
            assertEquals("friend-1", msg.path("data").path("fromUserId").asText(), msg::toString);
            // The receiver of a direct message is the robot: never the sender (IM's conversation id is the peer).
            assertNotEquals("friend-1", msg.path("data").path("toUserId").asText(), msg::toString);

            String out = logout(r);
            assertEquals(CommandStatus.SUCCEEDED, awaitFinished(out).status, () -> command(out).reason);
            awaitEvent(EventTypes.ROBOT_LOGGED_OUT, e -> out.equals(e.path("serialNo").asText()));
            awaitLinkState(r, "DISCONNECTED");
            await(sim::connections, n -> n == 0, "the engine connection to close");
            assertEquals(RobotLinks.DISCONNECTED, desired(r));
            if (protocol.equals("IM_HTTP")) {
                sim.awaitReceived("login.exportLogout", WAIT);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LINE_WS", "CHAT68_WS", "IM_HTTP"})
    void anEngineErrorFailsTheCommandWithTheEnginesTextAndReleasesTheLink(String protocol) {
        try (EngineSimulator sim = start(protocol)) {
            Robot r = robot(protocol, sim);
            sim.failNext(loginRequest(protocol), 300, "service busy #A0030");
            String serial = login(r);
            CommandRecord failed = awaitFinished(serial);
            assertEquals(CommandStatus.FAILED, failed.status);
            String expected = switch (protocol) {
                case "LINE_WS" -> "LINE_WS engine error 300: service busy #A0030";
                case "CHAT68_WS" -> "CHAT68_WS engine error 300: service busy #A0030";
                default -> "IM_HTTP app error 300: service busy #A0030";
            };
            assertEquals(expected, failed.reason);
            await(sim::connections, n -> n == 0, "the failed login's engine connection to close");
            assertEquals(RobotLinks.DISCONNECTED, desired(r));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LINE_WS", "CHAT68_WS", "IM_HTTP"})
    void aConnectionDroppedMidLoginSendsTheLoginAgainAfterTheReconnect(String protocol) {
        try (EngineSimulator sim = start(protocol)) {
            Robot r = robot(protocol, sim);
            sim.swallowNext(loginRequest(protocol), 1);
            String serial = login(r);
            sim.awaitReceived(loginRequest(protocol), WAIT);
            assertTrue(sim.dropConnections() > 0);
            // Login is safe to repeat: it goes out again on the new connection and succeeds.
            sim.awaitReceived(x -> x.is(loginRequest(protocol)), 2, WAIT);
            CommandRecord done = awaitFinished(serial);
            assertEquals(CommandStatus.SUCCEEDED, done.status, done.reason);
            awaitLinkState(r, "RECONNECTING");
        }
    }

    @Test
    void anEngineDownAtLoginIsRetriedAndTheLoginSucceedsWhenItComesBack() {
        try (EngineSimulator sim = start("LINE_WS")) {
            Robot r = robot("LINE_WS", sim);
            sim.refuseConnectionsFor(Duration.ofMillis(1500));
            String serial = login(r);
            JsonNode down = awaitLinkState(r, "RECONNECTING");
            assertTrue(down.path("data").path("lastError").asText().contains("cannot connect"), down::toString);
            assertEquals(CommandStatus.SUCCEEDED, awaitFinished(serial).status, () -> command(serial).reason);
        }
    }

    @Test
    void anEngineThatNeverComesBackFailsTheLoginAtItsDeadlineWithAReason() {
        try (EngineSimulator sim = start("CHAT68_WS")) {
            Robot r = robot("CHAT68_WS", sim);
            sim.refuseConnections(true);
            String serial = login(r, System.currentTimeMillis() + 2_500);
            CommandRecord failed = awaitFinished(serial);
            assertEquals(CommandStatus.TIMED_OUT, failed.status);
            assertTrue(failed.reason.contains("CHAT68_WS link of " + r.serial() + " was offline"), failed.reason);
            // The link is given up: the engine is not dialled for ever.
            await(() -> desired(r), RobotLinks.DISCONNECTED::equals, "the link to be released");
            sim.refuseConnections(false);
            assertEquals(0, sim.connections());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LINE_WS", "CHAT68_WS", "IM_HTTP"})
    void garbageAndUnknownRepliesAreCountedAndTheLinkCarriesOn(String protocol) {
        try (EngineSimulator sim = start(protocol)) {
            Robot r = robot(protocol, sim);
            String serial = login(r);
            assertEquals(CommandStatus.SUCCEEDED, awaitFinished(serial).status, () -> command(serial).reason);

            double malformed = runtime.counted(protocol, "malformed");
            sim.sendRaw("this is not JSON {");
            await(() -> runtime.counted(protocol, "malformed"), n -> n > malformed, "the garbage frame to be counted");

            if (!protocol.equals("IM_HTTP")) { // IM_HTTP correlates by the HTTP exchange: no id to get wrong
                double unknown = runtime.counted(protocol, "unknown_correlation");
                sim.unknownIdNext("*", 1); // the next probe's reply comes back under an id nobody waits for
                await(() -> runtime.counted(protocol, "unknown_correlation"), n -> n > unknown,
                        "the reply with an unknown id to be counted");
            }
            // Still up: a logout goes through.
            String out = logout(r);
            assertEquals(CommandStatus.SUCCEEDED, awaitFinished(out).status, () -> command(out).reason);
            assertEquals(1, eventsForRobot(EventTypes.ROBOT_LOGIN_SUCCEEDED, r.serial()).size());
        }
    }

    // ------------------------------------------------------------------ friends and groups (docs/SOCIAL.md)

    /** One social operation on one protocol: its content, the engine requests it takes, and its event. */
    record SocialCase(String protocol, String operation, String content, List<String> requests, String event,
                      Consumer<JsonNode> check) {
        @Override
        public String toString() {
            return protocol + " " + operation;
        }
    }

    static Stream<Arguments> socialCases() {
        String imFriend = "Bp4KxhDrA7u8murWUJVtboVdzpKZsaZiYiWTokqnezju"; // seed 003's contact
        String imGroup = "2Fg9pmL6HxLPxck7cbYSZqwQES46hbxK3zuBSu89EU2R";
        return Stream.of(
                new SocialCase("LINE_WS", "getFriendList", "{}", List.of("GetAllContactIds", "GetContacts"),
                        EventTypes.CONTACTS_LISTED, d -> {
                            assertTrue(d.path("complete").asBoolean());
                            assertEquals(2, d.path("contacts").size(), d::toString);
                            assertTrue(d.path("contacts").get(0).path("userId").asText().startsWith("u"));
                        }),
                new SocialCase("LINE_WS", "addFriend", "{\"phone\":\"+818012345678\"}",
                        List.of("SearchContactByPhones", "SearchAndAddContactsByMid"), EventTypes.CONTACT_ADDED,
                        d -> assertEquals("+818012345678", d.path("phone").asText())),
                new SocialCase("LINE_WS", "syncContacts", "{\"phones\":[\"+818011111111\",\"+818022222222\"]}",
                        List.of("SearchContactByPhones", "SearchAndAddContactsByMid"), EventTypes.CONTACTS_SYNCED,
                        d -> assertEquals(2, d.path("contacts").size(), d::toString)),
                new SocialCase("LINE_WS", "createGroup", "{\"name\":\"team\",\"userIds\":[\"u1\",\"u2\"]}",
                        List.of("CreateGroup"), EventTypes.GROUP_CREATED, d -> {
                            assertFalse(d.path("group").path("groupId").asText("").isEmpty(), d::toString);
                            assertEquals(2, d.path("group").path("members").size());
                        }),
                new SocialCase("LINE_WS", "getGroupInfo", "{\"groupIds\":[\"c1\"]}", List.of("SearchGroupById"),
                        EventTypes.GROUP_INFO, d -> assertEquals(1, d.path("groups").size())),
                new SocialCase("LINE_WS", "getGroupList", "{}", List.of("GetJoinedGroupIds", "SearchGroupById"),
                        EventTypes.GROUPS_LISTED, d -> assertEquals(2, d.path("groups").size(), d::toString)),
                new SocialCase("LINE_WS", "inviteFriendsToGroup", "{\"groupId\":\"c1\",\"userIds\":[\"u3\"]}",
                        List.of("InviteIntoGroup"), EventTypes.GROUP_INVITED,
                        d -> assertEquals("u3", d.path("userIds").get(0).asText())),
                new SocialCase("LINE_WS", "quitGroup", "{\"groupId\":\"c1\"}", List.of("LeaveGroup"),
                        EventTypes.GROUP_QUIT, d -> assertEquals("c1", d.path("groupId").asText())),
                new SocialCase("LINE_WS", "updateGroup", "{\"groupId\":\"c1\",\"name\":\"new\",\"notifications\":false}",
                        List.of("UpdateGroupName", "EnableGroupNotification"), EventTypes.GROUP_UPDATED,
                        d -> assertEquals("new", d.path("changes").path("name").asText())),
                new SocialCase("CHAT68_WS", "getFriendList", "{}", List.of("ContactsList"), EventTypes.CONTACTS_LISTED,
                        d -> assertEquals("5858052", d.path("contacts").get(0).path("userId").asText(), d::toString)),
                new SocialCase("CHAT68_WS", "getGroupInfo", "{\"groupIds\":[\"389284\"]}",
                        List.of("GroupDetail", "GroupMemberList"), EventTypes.GROUP_INFO, d -> {
                            JsonNode g = d.path("groups").get(0);
                            assertEquals("huimei", g.path("groupName").asText(), d::toString);
                            assertEquals("7237423", g.path("members").get(0).path("userId").asText());
                        }),
                new SocialCase("CHAT68_WS", "getGroupList", "{}", List.of("getGroups"), EventTypes.GROUPS_LISTED,
                        d -> assertEquals("389284", d.path("groups").get(0).path("groupId").asText(), d::toString)),
                new SocialCase("CHAT68_WS", "updateGroup", "{\"groupId\":\"389284\",\"notice\":\"hello\",\"muteAll\":true}",
                        List.of("GroupUpdate", "sendMsg"), EventTypes.GROUP_UPDATED,
                        d -> assertTrue(d.path("changes").path("muteAll").asBoolean(), d::toString)),
                new SocialCase("IM_HTTP", "getFriendList", "{}", List.of("contact.getContacts"),
                        EventTypes.CONTACTS_LISTED, d -> assertEquals(imFriend,
                        d.path("contacts").get(0).path("userId").asText(), d::toString)),
                new SocialCase("IM_HTTP", "addFriend", "{\"userId\":\"" + imFriend + "\"}", List.of("contact.addFriend"),
                        EventTypes.CONTACT_ADDED, d -> assertEquals(imFriend, d.path("contact").path("userId").asText())),
                new SocialCase("IM_HTTP", "getGroupList", "{}", List.of("group.getAllGroups"), EventTypes.GROUPS_LISTED,
                        d -> assertEquals(imGroup, d.path("groups").get(0).path("groupId").asText(), d::toString)),
                new SocialCase("IM_HTTP", "getGroupInfo", "{\"groupIds\":[\"" + imGroup + "\"]}",
                        List.of("group.getGroupAllInfo"), EventTypes.GROUP_INFO,
                        d -> assertTrue(d.path("groups").get(0).path("members").size() > 0, d::toString)),
                new SocialCase("IM_HTTP", "createGroup", "{\"name\":\"群聊名称123\",\"userIds\":[\"" + imFriend + "\"]}",
                        List.of("contact.getContacts", "group.createGroup", "group.getAllGroups"), EventTypes.GROUP_CREATED,
                        d -> assertEquals(imGroup, d.path("group").path("groupId").asText(), d::toString)),
                new SocialCase("IM_HTTP", "inviteFriendsToGroup", "{\"groupId\":\"" + imGroup + "\",\"userIds\":[\"" + imFriend + "\"]}",
                        List.of("contact.getContacts", "sync.addGroupMemberWith"), EventTypes.GROUP_INVITED,
                        d -> assertEquals(imGroup, d.path("groupId").asText())),
                new SocialCase("IM_HTTP", "updateGroup", "{\"groupId\":\"" + imGroup + "\",\"name\":\"n2\",\"muteAll\":true,\"notifications\":false}",
                        List.of("sync.updateGroupInfo", "sync.changeGroupConfig", "group.getGroupAllInfo",
                                "sync.updateGroupWithDisturb"), EventTypes.GROUP_UPDATED,
                        d -> assertEquals("n2", d.path("changes").path("name").asText(), d::toString)),
                // The extra operations: a result for getTask, no robot event (event null).
                new SocialCase("LINE_WS", "getContactInfo", "{\"userIds\":[\"u1\"]}", List.of("GetContacts"), null,
                        d -> assertEquals("u1", d.path("contacts").get(0).path("userId").asText(), d::toString)),
                new SocialCase("LINE_WS", "searchContact", "{\"url\":\"https://line.me/R/ti/jutvcjvt1w\"}",
                        List.of("SearchContactByUrl"), null, d -> assertEquals(1, d.path("contacts").size(), d::toString)),
                new SocialCase("LINE_WS", "updateContact", "{\"userId\":\"u1\",\"displayName\":\"Bob\",\"star\":true}",
                        List.of("UpdateContactName", "MarkContact"), null,
                        d -> assertEquals("Bob", d.path("changes").path("displayName").asText(), d::toString)),
                new SocialCase("LINE_WS", "acceptGroupInvitation", "{\"groupId\":\"c9\"}", List.of("AcceptGroupInvitation"),
                        null, d -> assertEquals("c9", d.path("groupId").asText())),
                new SocialCase("LINE_WS", "rejectGroupInvitation", "{\"groupId\":\"c9\"}", List.of("RejectGroupInvitation"),
                        null, d -> assertEquals("c9", d.path("groupId").asText())),
                new SocialCase("LINE_WS", "joinGroupByUrl", "{\"groupId\":\"c9\",\"url\":\"https://line.me/R/ti/g/x\"}",
                        List.of("JoinGroupByUrl"), null, d -> assertEquals("c9", d.path("groupId").asText())),
                new SocialCase("LINE_WS", "getGroupQrCode", "{\"groupId\":\"c9\"}", List.of("GetGroupQrcode"), null,
                        d -> assertTrue(d.path("url").asText().startsWith("https://"), d::toString)),
                new SocialCase("LINE_WS", "searchGroup", "{\"id\":\"118987297\"}", List.of("SearchGroupById"), null,
                        d -> assertEquals(1, d.path("groups").size(), d::toString)),
                new SocialCase("CHAT68_WS", "getContactInfo", "{\"userIds\":[\"7237423\"]}", List.of("ContactsDetail"), null,
                        d -> assertEquals("7237423", d.path("contacts").get(0).path("userId").asText(), d::toString)),
                new SocialCase("CHAT68_WS", "getFriendRequests", "{}", List.of("ContactsApplyList"), null,
                        d -> assertEquals("5138518", d.path("requests").get(0).path("userId").asText(), d::toString)),
                new SocialCase("CHAT68_WS", "getGroupQrCode", "{\"groupId\":\"389284\"}", List.of("GroupDetail"), null,
                        d -> assertTrue(d.path("url").asText().contains("qrCode"), d::toString)),
                new SocialCase("IM_HTTP", "getContactInfo", "{\"userIds\":[\"" + imFriend + "\"]}",
                        List.of("contact.getContactByNoId"), null, d -> assertEquals(1, d.path("contacts").size(), d::toString)),
                new SocialCase("IM_HTTP", "searchContact", "{\"userId\":\"" + imFriend + "\"}", List.of("contact.getUserInfo"),
                        null, d -> assertEquals(imFriend, d.path("contacts").get(0).path("userId").asText(), d::toString)),
                new SocialCase("IM_HTTP", "updateContact", "{\"userId\":\"" + imFriend + "\",\"displayName\":\"Bob\",\"block\":true}",
                        List.of("contact.updateRemake", "contact.onBlack"), null,
                        d -> assertTrue(d.path("changes").path("block").asBoolean(), d::toString)),
                new SocialCase("IM_HTTP", "deleteFriend", "{\"userId\":\"" + imFriend + "\"}", List.of("contact.deleteFriend"),
                        null, d -> assertEquals(imFriend, d.path("userId").asText())),
                new SocialCase("IM_HTTP", "getFriendRequests", "{}", List.of("contact.getApplyList"), null,
                        d -> assertEquals(1, d.path("requests").size(), d::toString)),
                new SocialCase("IM_HTTP", "acceptFriendRequest", "{\"userId\":\"" + imFriend + "\"}",
                        List.of("contact.agreeApplySync"), null, d -> assertEquals(imFriend, d.path("userId").asText())),
                new SocialCase("IM_HTTP", "quitGroup", "{\"groupId\":\"" + imGroup + "\"}", List.of("group.quiteGroup"),
                        EventTypes.GROUP_QUIT, d -> assertEquals(imGroup, d.path("groupId").asText()))
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("socialCases")
    void friendsAndGroupsGoThroughTheEngineAndComeBackNormalised(SocialCase c) throws Exception {
        try (EngineSimulator sim = start(c.protocol())) {
            Robot r = robot(c.protocol(), sim);
            String in = login(r);
            assertEquals(CommandStatus.SUCCEEDED, awaitFinished(in).status, () -> command(in).reason);
            sim.clearReceived();

            String serial = publish(r.merchant(), r.serial(), c.operation(), c.protocol(), null, null,
                    json.readTree(c.content()), System.currentTimeMillis() + 30_000);
            CommandRecord done = awaitFinished(serial);
            assertEquals(CommandStatus.SUCCEEDED, done.status, done.reason);
            for (String request : c.requests()) {
                sim.awaitReceived(request, WAIT);
            }
            if (c.event() == null) {
                c.check().accept(json.readTree(done.result)); // what getTask shows
                return;
            }
            JsonNode event = awaitEvent(c.event(), e -> serial.equals(e.path("serialNo").asText()));
            assertEquals(r.merchant(), event.path("merchantId").asText());
            c.check().accept(event.path("data"));
        }
    }

    @Test
    void aHugeFriendListIsPublishedInPartsOfAtMostAMegabyteAndGetTaskShowsItsCount() throws Exception {
        int friends = 5_000; // LINE's limit; ~1.3 MB of normalised contacts with their picture URLs
        try (EngineSimulator sim = start("LINE_WS")) {
            ((LineWsEngine) sim).friends(friends);
            Robot r = robot("LINE_WS", sim);
            String in = login(r);
            assertEquals(CommandStatus.SUCCEEDED, awaitFinished(in).status, () -> command(in).reason);
            String serial = publish(r.merchant(), r.serial(), "getFriendList", "LINE_WS", null, null,
                    json.createObjectNode(), System.currentTimeMillis() + 60_000);
            CommandRecord done = awaitFinished(serial);
            assertEquals(CommandStatus.SUCCEEDED, done.status, done.reason);
            assertEquals("{\"contacts\":" + friends + "}", done.result, "getTask shows the count, not the list");

            List<JsonNode> parts = LineTestSupport.events(EventTypes.CONTACTS_LISTED,
                    e -> serial.equals(e.path("serialNo").asText()));
            assertTrue(parts.size() >= 2, "split into parts: " + parts.size());
            java.util.Set<String> ids = new java.util.HashSet<>();
            java.util.Set<Integer> numbers = new java.util.TreeSet<>();
            for (JsonNode e : parts) {
                assertTrue(json.writeValueAsBytes(e).length <= io.switchboard.common.event.ListParts.MAX_BYTES,
                        "each robot event at most 1 MB");
                JsonNode d = e.path("data");
                assertEquals(parts.size(), d.path("parts").asInt(), d.path("parts")::toString);
                assertFalse(d.path("complete").asBoolean(true), "no part alone is the whole list");
                numbers.add(d.path("part").asInt());
                d.path("contacts").forEach(c -> ids.add(c.path("userId").asText()));
            }
            assertEquals(parts.size(), numbers.size(), "each part once");
            assertEquals(friends, ids.size(), "every friend in exactly one part");
        }
    }

    @Test
    void anEngineErrorInASocialOperationFailsItWithTheEnginesText() {
        try (EngineSimulator sim = start("LINE_WS")) {
            Robot r = robot("LINE_WS", sim);
            String in = login(r);
            assertEquals(CommandStatus.SUCCEEDED, awaitFinished(in).status);
            sim.failNext("GetAllContactIds", 500, "contacts unavailable");
            String serial = publish(r.merchant(), r.serial(), "getFriendList", "LINE_WS", null, null,
                    json.createObjectNode(), System.currentTimeMillis() + 30_000);
            CommandRecord failed = awaitFinished(serial);
            assertEquals(CommandStatus.FAILED, failed.status);
            assertEquals("LINE_WS engine error 500: contacts unavailable", failed.reason);
            assertTrue(eventsForRobot(EventTypes.CONTACTS_LISTED, r.serial()).isEmpty());
        }
    }

    @Test
    void anOperationTheProtocolLacksIsRefusedAtOnce() {
        try (EngineSimulator sim = start("CHAT68_WS")) {
            Robot r = robot("CHAT68_WS", sim);
            String serial = publish(r.merchant(), r.serial(), "addFriend", "CHAT68_WS", null, sim.url(),
                    json.createObjectNode().put("phone", "+818012345678"), System.currentTimeMillis() + 30_000);
            CommandRecord refused = awaitFinished(serial);
            assertEquals(CommandStatus.FAILED, refused.status);
            assertEquals("addFriend is not supported by protocol CHAT68_WS (docs/PROTOCOLS.md)", refused.reason);
        }
    }

    @Test
    void theImAppsContactAndGroupPushesBecomeChangeEvents() {
        try (EngineSimulator sim = start("IM_HTTP")) {
            Robot r = robot("IM_HTTP", sim);
            String in = login(r);
            assertEquals(CommandStatus.SUCCEEDED, awaitFinished(in).status, () -> command(in).reason);
            sim.pushEvent("contact", java.util.Map.of("c_nd_add", "NewFriendNode", "c_nic", "new friend"));
            sim.pushEvent("group", java.util.Map.of("g_id", "NewGroupNode", "g_name", "new group"));
            JsonNode contact = awaitEvent(EventTypes.CONTACT_CHANGED, e -> r.serial().equals(e.path("robotSerialNo").asText()));
            assertEquals("NewFriendNode", contact.path("data").path("contact").path("userId").asText(), contact::toString);
            assertEquals("new friend", contact.path("data").path("contact").path("userName").asText());
            JsonNode group = awaitEvent(EventTypes.GROUP_CHANGED, e -> r.serial().equals(e.path("robotSerialNo").asText()));
            assertEquals("NewGroupNode", group.path("data").path("group").path("groupId").asText(), group::toString);
        }
    }

    @Test
    void aCommandForAnEngineRobotThatNeverLoggedInFailsAtOnceWithAReason() {
        String serial = publish(id("mch_"), id("robot-"), "getFriendList", "LINE_WS", null, null,
                json.createObjectNode(), System.currentTimeMillis() + 30_000);
        CommandRecord failed = awaitFinished(serial);
        assertEquals(CommandStatus.FAILED, failed.status);
        assertTrue(failed.reason.contains("has no engine_url"), failed.reason);
    }

    // ------------------------------------------------------------------ messages (docs/MESSAGING.md)

    static final String IM_FRIEND_KEY = "e4d95a8c5f5bae9341f7a1631eca61225b5162c45265b4d01278e4bd2767df7d"; // seed 003's

    /** A friend and a group each protocol's simulator accepts (68chat ids are numbers). */
    static String friendOf(String protocol) {
        return switch (protocol) {
            case "LINE_WS" -> "u4286b98e72ef2ebcf6f8a9749b0a20b1";
            case "CHAT68_WS" -> "7237423";
            default -> "DgjumZZLvGymHGbGTbwoxF2FMr9HCZ6kUC1bj96CkoUs";
        };
    }

    static String groupOf(String protocol) {
        return switch (protocol) {
            case "LINE_WS" -> "c5460d8076d6a442836c0c3a592e31e24";
            case "CHAT68_WS" -> "389284";
            default -> "2Fg9pmL6HxLPxck7cbYSZqwQES46hbxK3zuBSu89EU2R";
        };
    }

    /** One message type on one protocol: the engine command it must take. */
    record MessageCase(String protocol, int msgType, String command) {
        @Override
        public String toString() {
            return protocol + " msg_type " + msgType;
        }
    }

    static Stream<Arguments> messageCases() {
        return Stream.of(
                new MessageCase("LINE_WS", 0, "SendText"), new MessageCase("LINE_WS", 1, "SendImage"),
                new MessageCase("LINE_WS", 2, "SendVideo"), new MessageCase("LINE_WS", 3, "SendAudio"),
                new MessageCase("LINE_WS", 4, "SendFile"), new MessageCase("LINE_WS", 5, "SendLocation"),
                new MessageCase("LINE_WS", 6, "SendContact"),
                new MessageCase("CHAT68_WS", 0, "sendMsg"), new MessageCase("CHAT68_WS", 1, "sendFile"),
                new MessageCase("CHAT68_WS", 2, "sendFile"), new MessageCase("CHAT68_WS", 3, "sendFile"),
                new MessageCase("CHAT68_WS", 4, "sendFile"),
                new MessageCase("IM_HTTP", 0, "chat.sendTextMessage"), new MessageCase("IM_HTTP", 1, "chat.sendImageMessage"),
                new MessageCase("IM_HTTP", 2, "chat.sendVideoMessage"), new MessageCase("IM_HTTP", 3, "chat.sendAudioMessage"),
                new MessageCase("IM_HTTP", 4, "chat.sendFileMessage"), new MessageCase("IM_HTTP", 6, "chat.sendCardMessage")
        ).map(Arguments::of);
    }

    static String contentOf(int type) {
        return sampleContent(type);
    }

    static ObjectNode messageContent(String target, int type) {
        return sendContent(target, type, sampleContent(type));
    }

    /** The frame the engine must receive, in its seed's shape (correlation ids aside). */
    ObjectNode expectedFrame(MessageCase c, String target, boolean group) {
        String content = contentOf(c.msgType());
        ObjectNode f = json.createObjectNode();
        switch (c.protocol()) {
            case "LINE_WS" -> {
                f.put("command", c.command()).put("to", target);
                switch (c.msgType()) {
                    case 0 -> f.put("content", content);
                    case 2, 3 -> f.put("path", content).put("duration", 0);
                    case 5 -> f.put("title", "東京タワー").put("address", "4-2-8 Shibakoen").put("latitude", 35.6586)
                            .put("longitude", 139.7454);
                    case 6 -> f.put("displayName", "Bob").put("contactMidOrVcard", "ua08d7e13bd2c83cee05be89e30aece81")
                            .put("contactIsMid", true);
                    default -> f.put("path", content);
                }
            }
            case "CHAT68_WS" -> {
                f.put("type", c.command());
                ObjectNode d = f.putObject("data");
                if (c.msgType() == 0) {
                    d.put("id", Long.parseLong(target)).put("type", group ? "group" : "friend");
                    d.putArray("list").addObject().put("type", "text").putObject("values").put("chatType", 0)
                            .put("content", content);
                    d.putNull("quoteInfo");
                } else {
                    d.put("file", content).put("type", group ? "group" : "friend").put("id", Long.parseLong(target));
                }
            }
            default -> {
                String[] route = c.command().split("\\.");
                f.put("__SERVER_ROUTE_MODULE", route[0]).put("__SERVER_ROUTE_METHOD", route[1]).put("cnd", target)
                        .put("cid", target).put("conversationType", group ? 1 : 0);
                String pub = group ? "" : IM_FRIEND_KEY;
                switch (c.msgType()) {
                    case 0 -> f.put("pub", pub).put("text", content);
                    case 1 -> f.put("filePath", content).put("originalFilePath", "").put("checkBoxSelected", false)
                            .put("pub", pub);
                    case 2 -> f.put("filePath", content).put("second", 0).put("pub", pub);
                    case 3 -> f.put("filePath", content).put("wavePath", "").put("second", 0).put("pub", pub);
                    case 6 -> f.put("contactId", "ua08d7e13bd2c83cee05be89e30aece81").put("pub", pub);
                    default -> f.put("filePath", content).put("pub", pub);
                }
            }
        }
        return f;
    }

    /** What arrived, without the correlation id (LINE_WS task_id, CHAT68_WS id). */
    static ObjectNode withoutId(Received r) {
        ObjectNode b = ((ObjectNode) r.body()).deepCopy();
        b.remove("task_id");
        b.remove("id");
        return b;
    }

    Robot loggedIn(String protocol, EngineSimulator sim) {
        Robot r = robot(protocol, sim);
        String in = login(r);
        assertEquals(CommandStatus.SUCCEEDED, awaitFinished(in).status, () -> command(in).reason);
        sim.clearReceived();
        return r;
    }

    String send(Robot r, String operation, ObjectNode content) {
        return publish(r.merchant(), r.serial(), operation, r.protocol(), null, null, content,
                System.currentTimeMillis() + 30_000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messageCases")
    void eachMessageTypeReachesTheEngineInItsSeedsShapeAndPublishesMessageSent(MessageCase c) throws Exception {
        try (EngineSimulator sim = start(c.protocol())) {
            Robot r = loggedIn(c.protocol(), sim);
            String target = friendOf(c.protocol());
            String serial = send(r, "sendMessage", messageContent(target, c.msgType()));
            CommandRecord done = awaitFinished(serial);
            assertEquals(CommandStatus.SUCCEEDED, done.status, done.reason);
            // As text: the field order is the seed's too (and 68chat's numeric ids compare as numbers).
            assertEquals(expectedFrame(c, target, false).toString(),
                    withoutId(sim.awaitReceived(c.command(), WAIT)).toString());
            if (c.protocol().equals("IM_HTTP")) {
                // The app's key for the friend was read first.
                assertEquals(target, sim.awaitReceived("contact.getContactByNoId", WAIT).body().path("nodeId").asText());
            }
            if (c.protocol().equals("IM_HTTP") && (c.msgType() == 1 || c.msgType() == 2)) {
                JsonNode second = sim.awaitReceived(ImHttpApp.SECOND_STEP, WAIT).body();
                assertEquals(0, second.path("type").asInt(), "the seed's second step: {hash, data, type 0}");
            }
            SentMessage out = sim.awaitMessages(1, WAIT).get(0);
            JsonNode sent = awaitEvent(EventTypes.MESSAGE_SENT, e -> serial.equals(e.path("serialNo").asText()));
            JsonNode d = sent.path("data");
            assertEquals(r.merchant(), sent.path("merchantId").asText());
            assertEquals(c.protocol(), d.path("protocol").asText());
            assertEquals("sendMessage", d.path("operation").asText());
            assertEquals(target, d.path("targetId").asText());
            assertEquals(c.msgType(), d.path("msgType").asInt());
            assertEquals(out.messageId(), d.path("messageId").asText(), "the engine's id for the message");
            assertTrue(d.path("queueCount").isNull() && d.path("groupInfo").isNull(), d::toString);
            assertEquals(json.readTree(done.result), d, "getTask shows what message.sent says");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LINE_WS", "CHAT68_WS", "IM_HTTP"})
    void aGroupMessageGoesToTheGroup(String protocol) throws Exception {
        try (EngineSimulator sim = start(protocol)) {
            Robot r = loggedIn(protocol, sim);
            String group = groupOf(protocol);
            MessageCase c = messageCases().map(a -> (MessageCase) a.get()[0])
                    .filter(x -> x.protocol().equals(protocol) && x.msgType() == 0).findFirst().orElseThrow();
            String serial = send(r, "sendGroupMessage", messageContent(group, 0));
            assertEquals(CommandStatus.SUCCEEDED, awaitFinished(serial).status, () -> command(serial).reason);
            assertEquals(expectedFrame(c, group, true).toString(),
                    withoutId(sim.awaitReceived(c.command(), WAIT)).toString());
            assertTrue(sim.received("contact.getContactByNoId").isEmpty(), "a group needs no friend's key");
            SentMessage out = sim.awaitMessages(1, WAIT).get(0);
            assertTrue(out.group());
            JsonNode d = awaitEvent(EventTypes.MESSAGE_SENT, e -> serial.equals(e.path("serialNo").asText())).path("data");
            assertEquals("sendGroupMessage", d.path("operation").asText());
            assertEquals(group, d.path("targetId").asText());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LINE_WS", "CHAT68_WS", "IM_HTTP"})
    void anEngineErrorFailsTheSendWithTheEnginesTextAndNoMessageSent(String protocol) {
        try (EngineSimulator sim = start(protocol)) {
            Robot r = loggedIn(protocol, sim);
            sim.failNextSend(1, 429, "too many messages");
            String serial = send(r, "sendMessage", messageContent(friendOf(protocol), 1));
            CommandRecord failed = awaitFinished(serial);
            assertEquals(CommandStatus.FAILED, failed.status);
            String expected = switch (protocol) {
                case "LINE_WS" -> "LINE_WS engine error 429: too many messages";
                case "CHAT68_WS" -> "CHAT68_WS engine error 429: too many messages";
                default -> "IM_HTTP app error 429: too many messages";
            };
            assertEquals(expected, failed.reason);
            JsonNode event = awaitEvent(EventTypes.COMMAND_FAILED, e -> serial.equals(e.path("serialNo").asText()));
            assertEquals(expected, event.path("data").path("reason").asText());
            assertTrue(eventsForSerial(EventTypes.MESSAGE_SENT, serial).isEmpty());
            assertTrue(sim.messages().isEmpty());
        }
    }

    @Test
    void theImAppsSecondStepFailingFailsTheImageSend() {
        try (EngineSimulator sim = start("IM_HTTP")) {
            Robot r = loggedIn("IM_HTTP", sim);
            sim.failNext(ImHttpApp.SECOND_STEP, 1, 20085, "用户云存储空间不足");
            String serial = send(r, "sendMessage", messageContent(friendOf("IM_HTTP"), 1));
            CommandRecord failed = awaitFinished(serial);
            assertEquals(CommandStatus.FAILED, failed.status);
            assertEquals("IM_HTTP app error 20085: 用户云存储空间不足", failed.reason);
            assertTrue(eventsForSerial(EventTypes.MESSAGE_SENT, serial).isEmpty());
        }
    }

    /** A type the protocol lacks (docs/PROTOCOLS.md "Message types"), should one reach the driver anyway. */
    @ParameterizedTest
    @ValueSource(strings = {"CHAT68_WS 5", "CHAT68_WS 6", "IM_HTTP 5"})
    void aMessageTypeTheProtocolLacksFailsAtOnceWithTheDocumentedReason(String protocolAndType) {
        String protocol = protocolAndType.split(" ")[0];
        int type = Integer.parseInt(protocolAndType.split(" ")[1]);
        try (EngineSimulator sim = start(protocol)) {
            Robot r = robot(protocol, sim);
            String serial = publish(r.merchant(), r.serial(), "sendMessage", protocol, null, sim.url(),
                    messageContent(friendOf(protocol), type), System.currentTimeMillis() + 30_000);
            CommandRecord refused = awaitFinished(serial);
            assertEquals(CommandStatus.FAILED, refused.status);
            assertEquals("sendMessage msg_type " + type + " (" + (type == 5 ? "location" : "contact")
                    + ") is not supported by protocol " + protocol + " (docs/PROTOCOLS.md)", refused.reason);
            assertTrue(sim.received().isEmpty(), "nothing reached the engine");
        }
    }

    @Test
    void aSendWaitsItsBeforeSleepAndA68chatIdThatIsNotANumberFailsAtOnce() {
        try (EngineSimulator sim = start("CHAT68_WS")) {
            Robot r = loggedIn("CHAT68_WS", sim);
            String serial = send(r, "sendMessage", messageContent(friendOf("CHAT68_WS"), 0).put("beforeSleepMs", 400));
            assertEquals(CommandStatus.SUCCEEDED, awaitFinished(serial).status, () -> command(serial).reason);
            Received got = sim.awaitReceived("sendMsg", WAIT);
            long waited = Duration.between(command(serial).pushedAt, got.at()).toMillis();
            assertTrue(waited >= 400, "before_sleep_time 400 ms, sent after " + waited);

            String bad = send(r, "sendMessage", messageContent("not-a-number", 0));
            CommandRecord failed = awaitFinished(bad);
            assertEquals(CommandStatus.FAILED, failed.status);
            assertTrue(failed.reason.contains("'not-a-number' is not a 68chat id"), failed.reason);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LINE_WS", "CHAT68_WS", "IM_HTTP"})
    void inboundMediaCarriesAUrlGroupMessagesTheirGroupAndARepeatTheSameMessageId(String protocol) throws Exception {
        try (EngineSimulator sim = start(protocol)) {
            Robot r = loggedIn(protocol, sim);
            String url = "https://cdn.example.com/in/photo.png";
            Pushed pushed = sim.pushIncomingMedia(
                    IncomingMedia.inGroup(groupOf(protocol), friendOf(protocol), "image", url));
            JsonNode msg = awaitEvent(EventTypes.MESSAGE_RECEIVED, e -> r.serial().equals(e.path("robotSerialNo").asText()));
            JsonNode d = msg.path("data");
            assertEquals(pushed.messageId(), d.path("messageId").asText());
            assertEquals(1, d.path("msgType").asInt());
            assertEquals(groupOf(protocol), d.path("groupId").asText());
            assertEquals(friendOf(protocol), d.path("fromUserId").asText());
            String content = d.path("content").asText();
            if (protocol.equals("LINE_WS")) {
                // The push names the message only: the driver fetched it with DownloadFile and passes on its URL.
                JsonNode download = sim.awaitReceived("DownloadFile", WAIT).body();
                assertEquals(pushed.messageId(), download.path("msg_id").asText());
                HttpResponse<String> file = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(content)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, file.statusCode(), "the merchant can fetch " + content);
                assertEquals(LineWsEngine.fileBytes(pushed.messageId(), "image"), file.body());
            } else {
                assertEquals(url, content);
            }
            // The engine reports it again: the same messageId (message-service keeps it once).
            sim.pushAgain(pushed.messageId());
            List<JsonNode> both = await(() -> eventsForRobot(EventTypes.MESSAGE_RECEIVED, r.serial()),
                    l -> l.size() == 2, "the repeated message");
            assertEquals(both.get(0).path("data").path("messageId"), both.get(1).path("data").path("messageId"));
            assertEquals(both.get(0).path("data").path("content"), both.get(1).path("data").path("content"));
        }
    }

    @Test
    void aLineWsMediaMessageWhoseFileCannotBeFetchedIsStillReported() {
        try (EngineSimulator sim = start("LINE_WS")) {
            Robot r = loggedIn("LINE_WS", sim);
            sim.failNext("DownloadFile", 1, 500, "file expired");
            String id = sim.pushIncomingMedia(IncomingMedia.direct("u1", "file", null))
                    .messageId();
            JsonNode d = awaitEvent(EventTypes.MESSAGE_RECEIVED, e -> r.serial().equals(e.path("robotSerialNo").asText()))
                    .path("data");
            assertEquals(id, d.path("messageId").asText());
            assertEquals(4, d.path("msgType").asInt());
            assertTrue(d.path("content").isNull(), d::toString);
            assertTrue(d.path("groupId").isNull());
        }
    }
}
