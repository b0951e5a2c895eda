package io.switchboard.e2e;

import static io.switchboard.e2e.LineDeviceEndToEndIT.await;
import static io.switchboard.e2e.LineDeviceEndToEndIT.createMerchant;
import static io.switchboard.e2e.LineDeviceEndToEndIT.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.OpenApiSigner;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 8 through the packaged services, per protocol: a robot's friend list and group list asked for with
 * {@code refresh}, carried by the device or engine, persisted by account-service and group-service, told by webhooks
 * 1003, 2003 and 2002 with the seed's field names, then answered from the stores; an operation the protocol lacks
 * answers 400/40011; another merchant cannot read the robot's friends or groups.
 */
class SocialEndToEndIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static Platform platform;
    static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
        platform = Platform.shared();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    /** An operation each protocol lacks (docs/PROTOCOLS.md), with data that is otherwise valid. */
    static Map.Entry<String, Map<String, Object>> lacking(String protocol, String robot) {
        return switch (protocol) {
            case "LINE_DEVICE" -> Map.entry("updateGroup", Map.of("vcRobotSerialNo", robot, "vcGroupSerialNo", "g1",
                    "vcGroupName", "x"));
            case "CHAT68_WS" -> Map.entry("addFriend", Map.of("vcRobotSerialNo", robot, "vcFriendPhone", "13800000000"));
            case "IM_HTTP" -> Map.entry("syncContacts", Map.of("vcRobotSerialNo", robot, "phones", List.of("+8613800000000")));
            default -> null; // LINE_WS has every seed operation
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"LINE_DEVICE", "LINE_WS", "CHAT68_WS", "IM_HTTP"})
    void friendsAndGroupsArePersistedToldAndAnsweredOnEveryProtocol(String protocol) throws Exception {
        JsonNode merchant = createMerchant(receiver.url());
        receiver.secret(merchant.path("webhookSecret").asText());
        String account = platform.url("account-service");
        String groups = platform.url("group-service");
        MerchantClient client = new MerchantClient(merchant.path("merchantId").asText(), merchant.path("appId").asText(),
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-a.key.pem")));
        String robot = "robot-s-" + protocol.toLowerCase().replace('_', '-') + "-" + UUID.randomUUID().toString().substring(0, 6);
        try (EngineEndToEndIT.RobotSide side = EngineEndToEndIT.side(protocol, merchant, client)) {
            Map<String, Object> login = new HashMap<>(side.loginFields(robot));
            login.put("vcRobotSerialNo", robot);
            login.put("protocol", protocol);
            assertTrue(client.call(account, "login", login).success());
            await("robot online", () -> client.call(account, "getRobot", Map.of("vcRobotSerialNo", robot))
                    .data().path("nState").asInt() == 0);

            // Friends: refresh → the link's list → account-service's store → 1003 → answered from the store.
            MerchantClient.Reply friends = client.call(account, "getFriendList",
                    Map.of("vcRobotSerialNo", robot, "refresh", "true"));
            assertTrue(friends.success(), friends.body()::toString);
            WebhookReceiver.Delivery listed = receiver.await("1003 friend list", webhook(1003, 0, robot), WAIT);
            assertTrue(listed.signatureValid());
            JsonNode first = listed.json().path("data").get(0);
            assertFalse(first.path("vcUserId").asText("").isEmpty(), listed.json()::toString);
            assertTrue(first.has("vcUserName") && first.has("vcPreviewParm"), listed.json()::toString);
            await("friends in the store", () -> client.call(account, "getFriendList", Map.of("vcRobotSerialNo", robot))
                    .data().path("total").asLong() > 0);

            // Groups: refresh → 2003 → group-service's store → getGroupInfo of one of them → 2002.
            assertTrue(client.call(groups, "getGroupList", Map.of("vcRobotSerialNo", robot, "refresh", "true")).success());
            WebhookReceiver.Delivery groupList = receiver.await("2003 group list", webhook(2003, 0, robot), WAIT);
            String groupId = groupList.json().path("data").get(0).path("vcGroupId").asText();
            assertFalse(groupId.isEmpty(), groupList.json()::toString);
            MerchantClient.Reply info = client.call(groups, "getGroupInfo",
                    Map.of("vcRobotSerialNo", robot, "vcGroupSerialNo", List.of(groupId)));
            assertTrue(info.success(), info.body()::toString);
            WebhookReceiver.Delivery groupInfo = receiver.await("2002 group info", webhook(2002, 0, robot), WAIT);
            assertEquals(groupId, groupInfo.json().path("data").get(0).path("vcGroupId").asText(), groupInfo.json()::toString);

            // getGroupInfo also answers at once from group-service's store, with the seed's field names.
            JsonNode stored = info.data().path("groups").get(0);
            assertEquals(groupId, stored.path("vcGroupId").asText(), info.body()::toString);
            assertTrue(stored.has("memberJoinTime"), info.body()::toString);

            String friendId = first.path("vcUserId").asText();
            // The extra operation first: the writes end by quitting the group.
            extra(protocol, client, account, groups, platform.url("callback-service"), robot, friendId, groupId);
            writes(protocol, client, account, groups, robot, friendId, groupId);

            Map.Entry<String, Map<String, Object>> lacking = lacking(protocol, robot);
            if (lacking != null) {
                String base = lacking.getKey().equals("updateGroup") ? groups : account;
                MerchantClient.Reply refused = client.call(base, lacking.getKey(), lacking.getValue());
                assertEquals(400, refused.status(), refused.body()::toString);
                assertEquals(40011, refused.errorCode(), refused.body()::toString);
            }

            // Another merchant cannot read this robot's friends or groups, by the robot's serial…
            JsonNode other = createMerchant("http://127.0.0.1:9/unused");
            MerchantClient intruder = new MerchantClient(other.path("merchantId").asText(), other.path("appId").asText(),
                    OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-a.key.pem")));
            assertEquals(403, intruder.call(account, "getFriendList", Map.of("vcRobotSerialNo", robot)).status());
            assertEquals(403, intruder.call(groups, "getGroupList", Map.of("vcRobotSerialNo", robot)).status());
            // …nor by the messenger's ids through a robot of its own: A's group is unknown there.
            if (protocol.equals("CHAT68_WS")) {
                try (EngineEndToEndIT.RobotSide own = EngineEndToEndIT.side(protocol, other, intruder)) {
                    String mine = robot + "-b";
                    Map<String, Object> ownLogin = new HashMap<>(own.loginFields(mine));
                    ownLogin.put("vcRobotSerialNo", mine);
                    ownLogin.put("protocol", protocol);
                    assertTrue(intruder.call(account, "login", ownLogin).success());
                    await("B's robot online", () -> intruder.call(account, "getRobot", Map.of("vcRobotSerialNo", mine))
                            .data().path("nState").asInt() == 0);
                    MerchantClient.Reply probe = intruder.call(groups, "getGroupInfo",
                            Map.of("vcRobotSerialNo", mine, "vcGroupSerialNo", List.of(groupId)));
                    assertEquals(404, probe.status(), probe.body()::toString);
                    assertEquals(0, intruder.call(account, "getFriendList", Map.of("vcRobotSerialNo", mine))
                            .data().path("friends").size(), "B's robot sees none of A's robot's friends");
                }
            }
        }
    }

    /** What each protocol offers of the seed's writing operations, as docs/PROTOCOLS.md says (black-box: a copy). */
    static final Map<String, java.util.Set<String>> OFFERS = Map.of(
            "LINE_DEVICE", java.util.Set.of("addFriend", "addFriend.phone", "syncContacts", "createGroup",
                    "inviteFriendsToGroup", "quitGroup"),
            "LINE_WS", java.util.Set.of("addFriend", "addFriend.phone", "syncContacts", "createGroup",
                    "inviteFriendsToGroup", "quitGroup", "updateGroup.name"),
            "CHAT68_WS", java.util.Set.of("updateGroup.notice"),
            "IM_HTTP", java.util.Set.of("addFriend", "createGroup", "inviteFriendsToGroup", "quitGroup",
                    "updateGroup.name"));

    static boolean offers(String protocol, String operation) {
        return OFFERS.get(protocol).contains(operation);
    }

    /**
     * The seed's writing operations each protocol offers, through the Open API, the robot's link and back: 1002
     * (addFriend), 1006 (syncContacts), 2001 (createGroup), 2006 (invite), 2002 (updateGroup), 2005 (quitGroup),
     * each with the seed's result code 0 and its serial.
     */
    static void writes(String protocol, MerchantClient client, String account, String groups, String robot,
                       String friendId, String groupId) throws Exception {
        if (offers(protocol, "addFriend")) {
            Map<String, Object> data = offers(protocol, "addFriend.phone")
                    ? Map.of("vcRobotSerialNo", robot, "vcFriendPhone", "13800000001")
                    : Map.of("vcRobotSerialNo", robot, "vcUserId", friendId);
            expect(client, account, "addFriend", data, 1002, robot);
        }
        if (offers(protocol, "syncContacts")) {
            expect(client, account, "syncContacts", Map.of("vcRobotSerialNo", robot,
                    "phones", List.of("+8613800000002")), 1006, robot);
        }
        if (offers(protocol, "createGroup")) {
            // The IM simulator finds a new group by its name in its (seed) group list: use that name.
            expect(client, groups, "createGroup", Map.of("vcRobotSerialNo", robot, "vcGroupName", "群聊名称123",
                    "vcFriendSerialNoList", List.of(friendId)), 2001, robot);
        }
        if (offers(protocol, "inviteFriendsToGroup")) {
            expect(client, groups, "inviteFriendsToGroup", Map.of("vcRobotSerialNo", robot, "vcGroupSerialNo", groupId,
                    "vcFriendSerialNos", List.of(friendId)), 2006, robot);
        }
        Map<String, Object> update = offers(protocol, "updateGroup.name")
                ? Map.of("vcRobotSerialNo", robot, "vcGroupSerialNo", groupId, "vcGroupName", "renamed")
                : offers(protocol, "updateGroup.notice")
                ? Map.of("vcRobotSerialNo", robot, "vcGroupSerialNo", groupId, "notice", "hello all") : null;
        if (update != null) {
            expect(client, groups, "updateGroup", update, 2002, robot);
        }
        if (offers(protocol, "quitGroup")) {
            expect(client, groups, "quitGroup", Map.of("vcRobotSerialNo", robot, "group_id", groupId), 2005, robot);
        }
    }

    /** The seed callback document's field names each webhook's {@code data} carries (docs/SOCIAL.md). */
    static final Map<Integer, List<String>> FIELDS = Map.of(
            1002, List.of("vcUserId", "vcUserName", "vcPreviewParm"),
            1006, List.of("vcUserId", "vcUserName", "nPhoneNumber", "vcAbperson", "Un2"),
            2001, List.of("vcGroupId", "vcGroupName", "vcGroupKey", "nGroupTag_b", "nCreateTime", "vcStrData",
                    "vcOwnerUserId", "nOwnerTag_b", "memberJoinTime"),
            2002, List.of("vcGroupId", "vcGroupName", "nCreateTime", "vcStrData", "vcOwnerUserId", "memberJoinTime"),
            2005, List.of("vcGroupId", "vcGroupName"),
            2006, List.of("vcGroupId", "vcUserIds"));

    static void expect(MerchantClient client, String base, String operation, Map<String, Object> data, int nType,
                       String robot) throws Exception {
        MerchantClient.Reply r = client.call(base, operation, data);
        assertTrue(r.success(), () -> operation + ": " + r.body());
        WebhookReceiver.Delivery d = receiver.await(operation + " → " + nType,
                webhook(nType, 0, robot).and(j -> r.serialNo().equals(j.path("optvcSerNo").asText())), WAIT);
        assertTrue(d.signatureValid(), operation);
        JsonNode body = d.json().path("data");
        JsonNode item = body.isArray() ? body.get(0) : body;
        assertTrue(item != null && item.isObject(), () -> operation + " " + nType + " data: " + d.json());
        for (String field : FIELDS.get(nType)) {
            assertTrue(item.has(field), () -> nType + " lacks the seed's " + field + ": " + d.json());
        }
    }

    /** One extra operation per protocol (docs/SOCIAL.md): accepted at once, its result read with getTask. */
    static void extra(String protocol, MerchantClient client, String account, String groups, String callback,
                      String robot, String friendId, String groupId) throws Exception {
        String base;
        String operation;
        Map<String, Object> data;
        switch (protocol) {
            case "LINE_WS" -> {
                base = groups;
                operation = "getGroupQrCode";
                data = Map.of("vcRobotSerialNo", robot, "vcGroupSerialNo", groupId);
            }
            case "CHAT68_WS", "IM_HTTP" -> {
                base = account;
                operation = "getFriendRequests";
                data = Map.of("vcRobotSerialNo", robot);
            }
            default -> {
                return; // LINE_DEVICE offers none of the extra operations
            }
        }
        MerchantClient.Reply accepted = client.call(base, operation, data);
        assertTrue(accepted.success(), () -> operation + ": " + accepted.body());
        String serial = accepted.data().path("vcSerialNo").asText();
        assertFalse(serial.isEmpty(), accepted.body()::toString);
        await(operation + " done", () -> "SUCCEEDED".equals(client.call(callback, "getTask",
                Map.of("vcSerialNo", serial)).data().path("status").asText()));
        JsonNode result = client.call(callback, "getTask", Map.of("vcSerialNo", serial)).data().path("result");
        if (operation.equals("getGroupQrCode")) {
            assertTrue(result.path("url").asText().startsWith("https://"), result::toString);
        } else {
            assertTrue(result.path("requests").size() > 0, result::toString);
        }
    }
}
