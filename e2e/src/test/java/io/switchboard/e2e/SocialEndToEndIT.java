package io.switchboard.e2e;

import static io.switchboard.e2e.LineDeviceEndToEndIT.await;
import static io.switchboard.e2e.LineDeviceEndToEndIT.createMerchant;
import static io.switchboard.e2e.LineDeviceEndToEndIT.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.sim.engine.EngineSimulator;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.OpenApiSigner;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 8 through the packaged services, per protocol: a robot's friend list and group list asked for with
 * {@code refresh}, carried by the device or engine, persisted by account-service and group-service, told by webhooks
 * 1003, 2003 and 2002 with the seed's field names, then answered from the stores and paged by keyset; each seed
 * writing operation the protocol offers with its webhook (1002, 1006, 2001, 2006, 2002, 2005) and what it left in the
 * store; every extra operation run where the protocol has it (what reached the engine, the result through getTask);
 * every seed or extra operation (or variant) the protocol lacks refused 400/40011; another merchant cannot read or
 * act on the robot's friends, groups or tasks (403), nor reach A's group by its messenger id through a robot of its
 * own (404).
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

            // Both lists page by keyset (limit, after = nextAfter), one at a time here: each entry once.
            pageThrough(client, account, "getFriendList", robot, "friends", "vcUserId");
            List<String> groupIds = pageThrough(client, groups, "getGroupList", robot, "groups", "vcGroupId");
            assertTrue(groupIds.contains(groupId), groupIds::toString);

            // getGroupInfo also answers at once from group-service's store, with the seed's field names.
            JsonNode stored = info.data().path("groups").get(0);
            assertEquals(groupId, stored.path("vcGroupId").asText(), info.body()::toString);
            assertTrue(stored.has("memberJoinTime"), info.body()::toString);

            String friendId = first.path("vcUserId").asText();
            JsonNode other = createMerchant("http://127.0.0.1:9/unused");
            MerchantClient intruder = new MerchantClient(other.path("merchantId").asText(), other.path("appId").asText(),
                    OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-a.key.pem")));
            // The extra operations first: the writes end by quitting the group.
            extras(protocol, side, client, intruder, Map.of("account", account, "group", groups),
                    platform.url("callback-service"), new Ids(robot, friendId, groupId));
            writes(protocol, client, account, groups, robot, friendId, groupId);

            refusals(protocol, client, account, groups, robot, friendId, groupId);

            // Another merchant cannot read this robot's friends or groups, by the robot's serial…
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
                    MerchantClient.Reply qr = intruder.call(groups, "getGroupQrCode",
                            Map.of("vcRobotSerialNo", mine, "vcGroupSerialNo", groupId));
                    assertEquals(404, qr.status(), qr.body()::toString);
                    assertEquals(0, intruder.call(account, "getFriendList", Map.of("vcRobotSerialNo", mine))
                            .data().path("friends").size(), "B's robot sees none of A's robot's friends");
                }
            }
        }
    }

    /** Pages through a list with limit 1: every entry once, as many as the answers' total; returns the ids. */
    static List<String> pageThrough(MerchantClient client, String base, String operation, String robot, String list,
                                    String id) {
        List<String> ids = new java.util.ArrayList<>();
        String after = null;
        long total = -1;
        do {
            Map<String, Object> data = new HashMap<>(Map.of("vcRobotSerialNo", robot, "limit", 1));
            if (after != null) {
                data.put("after", after);
            }
            MerchantClient.Reply page = client.call(base, operation, data);
            assertTrue(page.success(), page.body()::toString);
            assertTrue(page.data().path(list).size() <= 1, page.body()::toString);
            page.data().path(list).forEach(e -> ids.add(e.path(id).asText()));
            total = page.data().path("total").asLong();
            after = page.data().path("nextAfter").isNull() ? null : page.data().path("nextAfter").asText();
        } while (after != null && ids.size() <= total);
        assertEquals(total, ids.size(), () -> operation + " pages: " + ids);
        assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), () -> operation + " repeats: " + ids);
        assertTrue(total > 0, operation);
        return ids;
    }

    static boolean offers(String protocol, String operation) {
        return SEED_SUPPORT.get(protocol).contains(operation);
    }

    /**
     * The seed's writing operations each protocol offers, through the Open API, the robot's link and back: 1002
     * (addFriend), 1006 (syncContacts), 2001 (createGroup), 2006 (invite), 2002 (updateGroup), 2005 (quitGroup),
     * each with the seed's result code 0 and its serial, and what each one left in the store (read through the
     * admin API, which asks no robot).
     */
    static void writes(String protocol, MerchantClient client, String account, String groups, String robot,
                       String friendId, String groupId) throws Exception {
        if (offers(protocol, "addFriend")) {
            Map<String, Object> data = offers(protocol, "addFriend.phone")
                    ? Map.of("vcRobotSerialNo", robot, "vcFriendPhone", "13800000001")
                    : Map.of("vcRobotSerialNo", robot, "vcUserId", friendId);
            JsonNode added = expect(client, account, "addFriend", data, 1002, robot);
            assertTrue(storedContacts(account, robot).contains(added.path("vcUserId").asText()),
                    "the added friend is in the store: " + added);
        }
        if (offers(protocol, "syncContacts")) {
            JsonNode synced = expect(client, account, "syncContacts", Map.of("vcRobotSerialNo", robot,
                    "phones", List.of("+8613800000002")), 1006, robot);
            assertTrue(storedContacts(account, robot).contains(synced.get(0).path("vcUserId").asText()),
                    "the synced contact is in the store: " + synced);
        }
        if (offers(protocol, "createGroup")) {
            // The IM simulator finds a new group by its name in its (seed) group list: use that name.
            JsonNode created = expect(client, groups, "createGroup", Map.of("vcRobotSerialNo", robot,
                    "vcGroupName", "群聊名称123", "vcFriendSerialNoList", List.of(friendId)), 2001, robot);
            JsonNode stored = storedGroup(groups, robot, created.path("vcGroupId").asText());
            assertEquals(created.path("vcGroupName").asText(), stored.path("name").asText(), stored::toString);
            assertTrue(stored.path("leftAt").isNull(), stored::toString);
        }
        if (offers(protocol, "inviteFriendsToGroup")) {
            expect(client, groups, "inviteFriendsToGroup", Map.of("vcRobotSerialNo", robot, "vcGroupSerialNo", groupId,
                    "vcFriendSerialNos", List.of(friendId)), 2006, robot);
            JsonNode members = admin(groups, "/admin/groups/" + robot + "/" + groupId + "/members?limit=1000");
            assertTrue(members.path("members").findValuesAsText("userId").contains(friendId),
                    "the invited friend is a member in the store: " + members);
        }
        Map<String, Object> update = offers(protocol, "updateGroup.name")
                ? Map.of("vcRobotSerialNo", robot, "vcGroupSerialNo", groupId, "vcGroupName", "renamed")
                : offers(protocol, "updateGroup.notice")
                ? Map.of("vcRobotSerialNo", robot, "vcGroupSerialNo", groupId, "notice", "hello all") : null;
        if (update != null) {
            expect(client, groups, "updateGroup", update, 2002, robot);
            JsonNode stored = storedGroup(groups, robot, groupId);
            if (update.containsKey("vcGroupName")) {
                assertEquals("renamed", stored.path("name").asText(), stored::toString);
            } else {
                assertEquals("hello all", stored.path("notice").asText(), stored::toString);
            }
        }
        if (offers(protocol, "quitGroup")) {
            expect(client, groups, "quitGroup", Map.of("vcRobotSerialNo", robot, "group_id", groupId), 2005, robot);
            assertFalse(storedGroup(groups, robot, groupId).path("leftAt").isNull(), "the quit group is marked left");
            MerchantClient.Reply list = client.call(groups, "getGroupList", Map.of("vcRobotSerialNo", robot));
            list.data().path("groups").forEach(g -> assertFalse(groupId.equals(g.path("vcGroupId").asText()),
                    "getGroupList lists only the groups the robot is in: " + list.body()));
        }
    }

    /**
     * Every seed operation the protocol lacks (or lacks the variant of), with data that is otherwise valid: 400/40011
     * naming it, before anything is queued (docs/PROTOCOLS.md).
     */
    static void refusals(String protocol, MerchantClient client, String account, String groups, String robot,
                         String friendId, String groupId) {
        record Refusal(String base, String operation, String variant, Map<String, Object> data) {}
        List<Refusal> all = List.of(
                new Refusal(account, "addFriend", "phone", Map.of("vcRobotSerialNo", robot, "vcFriendPhone", "13800000003")),
                new Refusal(account, "syncContacts", null, Map.of("vcRobotSerialNo", robot,
                        "phones", List.of("+8613800000004"))),
                new Refusal(groups, "createGroup", null, Map.of("vcRobotSerialNo", robot, "vcGroupName", "never",
                        "vcFriendSerialNoList", List.of(friendId))),
                new Refusal(groups, "inviteFriendsToGroup", null, Map.of("vcRobotSerialNo", robot,
                        "vcGroupSerialNo", groupId, "vcFriendSerialNos", List.of(friendId))),
                new Refusal(groups, "quitGroup", null, Map.of("vcRobotSerialNo", robot, "group_id", groupId)),
                new Refusal(groups, "updateGroup", "name", Map.of("vcRobotSerialNo", robot, "vcGroupSerialNo", groupId,
                        "vcGroupName", "never")),
                new Refusal(groups, "updateGroup", "notice", Map.of("vcRobotSerialNo", robot,
                        "vcGroupSerialNo", groupId, "notice", "never")));
        Set<String> has = SEED_SUPPORT.get(protocol);
        int refused = 0;
        for (Refusal r : all) {
            String named = r.variant() == null ? r.operation() : r.operation() + "." + r.variant();
            if (has.contains(named)) {
                continue;
            }
            MerchantClient.Reply reply = client.call(r.base(), r.operation(), r.data());
            assertEquals(400, reply.status(), () -> named + " on " + protocol + ": " + reply.body());
            assertEquals(40011, reply.errorCode(), reply.body()::toString);
            assertEquals((has.contains(r.operation()) ? named : r.operation()) + " is not supported by protocol "
                    + protocol + " (docs/PROTOCOLS.md)", reply.body().path("vcErrorMsg").asText(), reply.body()::toString);
            refused++;
        }
        assertEquals(REFUSED.get(protocol), refused, "refusals on " + protocol);
    }

    /** docs/PROTOCOLS.md's support of the seed's writing operations and their variants (a copy, black-box). */
    static final Map<String, Set<String>> SEED_SUPPORT = Map.of(
            "LINE_DEVICE", Set.of("addFriend", "addFriend.phone", "syncContacts", "createGroup", "inviteFriendsToGroup",
                    "quitGroup"),
            "LINE_WS", Set.of("addFriend", "addFriend.phone", "syncContacts", "createGroup", "inviteFriendsToGroup",
                    "quitGroup", "updateGroup", "updateGroup.name"),
            "CHAT68_WS", Set.of("updateGroup", "updateGroup.notice"),
            "IM_HTTP", Set.of("addFriend", "createGroup", "inviteFriendsToGroup", "quitGroup", "updateGroup",
                    "updateGroup.name", "updateGroup.notice"));
    /** How many of the cases above each protocol refuses: the table is not allowed to shrink unnoticed. */
    static final Map<String, Integer> REFUSED = Map.of("LINE_DEVICE", 2, "LINE_WS", 1, "CHAT68_WS", 6, "IM_HTTP", 2);

    /** The robot's current contacts in the store (admin API). */
    static List<String> storedContacts(String account, String robot) throws Exception {
        return admin(account, "/admin/contacts?removed=false&limit=500&robotSerialNo=" + robot).path("contacts")
                .findValuesAsText("userId");
    }

    /** One of the robot's groups as the store has it (admin API), left ones included. */
    static JsonNode storedGroup(String groups, String robot, String groupId) throws Exception {
        for (JsonNode g : admin(groups, "/admin/groups?limit=500&robotSerialNo=" + robot).path("groups")) {
            if (groupId.equals(g.path("groupId").asText())) {
                return g;
            }
        }
        throw new AssertionError("group " + groupId + " of " + robot + " is not in the store");
    }

    static JsonNode admin(String base, String pathAndQuery) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + pathAndQuery))
                        .header("Authorization", "Bearer " + Platform.ADMIN_TOKEN).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r::body);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
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

    /** Calls the operation, awaits its webhook with the seed's fields, and returns the webhook's {@code data}. */
    static JsonNode expect(MerchantClient client, String base, String operation, Map<String, Object> data, int nType,
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
        return body;
    }

    // ------------------------------------------------------------------ the extra operations

    /** What one call must make reach the engine: the request (the simulator's command name) and its fields. */
    record Sent(String command, String what, Predicate<JsonNode> fields) {}

    /** On a protocol that has the operation: the engine requests, then a check of getTask's {@code data.result}. */
    record Expect(List<Sent> sent, Consumer<JsonNode> result) {}

    /** The robot and the friend and group its own lists named, for a case's data and checks. */
    record Ids(String robot, String friend, String group) {}

    /**
     * One extra operation with one set of data (one variant, where it has them). On each protocol {@code on} names it
     * runs end to end and its result is read with getTask; every other protocol answers 400/40011 naming
     * {@code variant} where the protocol has the operation but not this variant, else the operation.
     */
    record Extra(String label, String service, String operation, String variant,
                 Function<Ids, Map<String, Object>> data, Function<Ids, Map<String, Expect>> on) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** seed 003's answers, which the IM simulator gives whoever is asked about. */
    static final String IM_CONTACT = "3yNWSHRYyfx5Mnf3sMRHhVi89LRZbUb8q1bEoEz4VVFK"; // contact.getContactByNoId
    static final String IM_APPLICANT = "BgboULwougrXNRPnrdqRBrhbrzxeno7AidsBU7vXvRi4"; // contact.getApplyList

    static Sent sent(String command, String what, Predicate<JsonNode> fields) {
        return new Sent(command, what, fields);
    }

    /** A 68chat {@code request} frame carries the webbiz call's fields in {@code data.data}. */
    static JsonNode webbiz(JsonNode frame) {
        return frame.path("data").path("data");
    }

    static Map<String, Object> robotAnd(Ids ids, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vcRobotSerialNo", ids.robot());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /**
     * Every extra operation of docs/PROTOCOLS.md, each variant once, with the protocols that offer it (a copy,
     * black-box), what must reach each engine (the PROTOCOLS.md cell) and what getTask shows (docs/SOCIAL.md "The
     * extra operations"). A LINE_WS frame and an IM call carry their fields at the top.
     */
    static final List<Extra> EXTRAS = List.of(
            new Extra("getContactInfo", "account", "getContactInfo", null,
                    ids -> robotAnd(ids, "vcUserIds", List.of(ids.friend())), ids -> Map.of(
                    "LINE_WS", new Expect(List.of(sent("GetContacts", "mids = [friend]",
                            f -> f.path("mids").size() == 1 && ids.friend().equals(f.path("mids").get(0).asText()))),
                            r -> assertEquals(ids.friend(), r.path("contacts").get(0).path("userId").asText(), r::toString)),
                    "CHAT68_WS", new Expect(List.of(sent("ContactsDetail", "targetUid = friend",
                            f -> ids.friend().equals(webbiz(f).path("targetUid").asText()))),
                            r -> assertEquals("Pwgen", r.path("contacts").get(0).path("userName").asText(), r::toString)),
                    "IM_HTTP", new Expect(List.of(sent("contact.getContactByNoId", "nodeId = friend",
                            f -> ids.friend().equals(f.path("nodeId").asText()))),
                            r -> assertEquals(IM_CONTACT, r.path("contacts").get(0).path("userId").asText(), r::toString)))),
            new Extra("searchContact by userId", "account", "searchContact", "userId",
                    ids -> robotAnd(ids, "vcUserId", "e2e.search"), ids -> Map.of(
                    "LINE_WS", new Expect(List.of(sent("SearchContactByUserid", "user_id = e2e.search",
                            f -> "e2e.search".equals(f.path("user_id").asText()))),
                            r -> assertTrue(r.path("contacts").get(0).path("userId").asText().startsWith("u"), r::toString)),
                    "IM_HTTP", new Expect(List.of(sent("contact.getUserInfo", "nodeId = e2e.search",
                            f -> "e2e.search".equals(f.path("nodeId").asText()))),
                            r -> assertEquals("e2e.search", r.path("contacts").get(0).path("userId").asText(), r::toString)))),
            new Extra("searchContact by phone", "account", "searchContact", "phone",
                    ids -> robotAnd(ids, "phone", "+818012340001"), ids -> Map.of(
                    "LINE_WS", new Expect(List.of(sent("SearchContactByPhones", "phones = [+818012340001]",
                            f -> "+818012340001".equals(f.path("phones").path(0).asText()))),
                            r -> assertEquals("+818012340001", r.path("contacts").get(0).path("phone").asText(), r::toString)))),
            new Extra("searchContact by url", "account", "searchContact", "url",
                    ids -> robotAnd(ids, "url", "https://line.me/ti/p/e2e"), ids -> Map.of(
                    "LINE_WS", new Expect(List.of(sent("SearchContactByUrl", "url",
                            f -> "https://line.me/ti/p/e2e".equals(f.path("url").asText()))),
                            r -> assertEquals(1, r.path("contacts").size(), r::toString)))),
            new Extra("updateContact displayName+block+notifications", "account", "updateContact", null,
                    ids -> robotAnd(ids, "vcUserId", ids.friend(), "displayName", "Bob", "block", true,
                            "notifications", false), ids -> Map.of(
                    "LINE_WS", new Expect(List.of(
                            sent("UpdateContactName", "mid, name = Bob", f -> ids.friend().equals(f.path("mid").asText())
                                    && "Bob".equals(f.path("name").asText())),
                            sent("BlockContact", "block = true", f -> f.path("block").asBoolean(false)),
                            sent("EnableContactNotification", "enable = false", f -> f.has("enable")
                                    && !f.path("enable").asBoolean(true))), r -> changed(r, ids.friend())),
                    "IM_HTTP", new Expect(List.of(
                            sent("contact.updateRemake", "nodeId, remake = Bob", f -> ids.friend().equals(
                                    f.path("nodeId").asText()) && "Bob".equals(f.path("remake").asText())),
                            sent("contact.onBlack", "nodeId = friend", f -> ids.friend().equals(f.path("nodeId").asText()))),
                            r -> changed(r, ids.friend())))),
            new Extra("updateContact star", "account", "updateContact", "star",
                    ids -> robotAnd(ids, "vcUserId", ids.friend(), "star", true), ids -> Map.of(
                    "LINE_WS", new Expect(List.of(sent("MarkContact", "mid, mark = true",
                            f -> ids.friend().equals(f.path("mid").asText()) && f.path("mark").asBoolean(false))),
                            r -> assertTrue(r.path("changes").path("star").asBoolean(false), r::toString)))),
            new Extra("deleteFriend", "account", "deleteFriend", null,
                    ids -> robotAnd(ids, "vcUserId", ids.friend()), ids -> Map.of(
                    "IM_HTTP", new Expect(List.of(sent("contact.deleteFriend", "nodeId = friend",
                            f -> ids.friend().equals(f.path("nodeId").asText()))),
                            r -> assertEquals(ids.friend(), r.path("userId").asText(), r::toString)))),
            new Extra("getFriendRequests", "account", "getFriendRequests", null, ids -> robotAnd(ids), ids -> Map.of(
                    "CHAT68_WS", new Expect(List.of(sent("ContactsApplyList", "the request", f -> true)), r -> {
                        assertEquals("5138518", r.path("requests").get(0).path("userId").asText(), r::toString);
                        assertEquals("验证：我是八方来财4", r.path("requests").get(0).path("message").asText(), r::toString);
                    }),
                    "IM_HTTP", new Expect(List.of(sent("contact.getApplyList", "the call", f -> true)), r -> {
                        assertEquals(IM_APPLICANT, r.path("requests").get(0).path("userId").asText(), r::toString);
                        assertEquals("回复信息", r.path("requests").get(0).path("message").asText(), r::toString);
                    }))),
            new Extra("acceptFriendRequest", "account", "acceptFriendRequest", null,
                    ids -> robotAnd(ids, "vcUserId", IM_APPLICANT), ids -> Map.of(
                    "IM_HTTP", new Expect(List.of(sent("contact.agreeApplySync", "nodeId = the applicant",
                            f -> IM_APPLICANT.equals(f.path("nodeId").asText()))),
                            r -> assertEquals(IM_APPLICANT, r.path("userId").asText(), r::toString)))),
            new Extra("acceptGroupInvitation", "group", "acceptGroupInvitation", null,
                    ids -> robotAnd(ids, "vcGroupSerialNo", "c-e2e-invited"), ids -> Map.of(
                    "LINE_WS", new Expect(List.of(sent("AcceptGroupInvitation", "group_id",
                            f -> "c-e2e-invited".equals(f.path("group_id").asText()))),
                            r -> assertEquals("c-e2e-invited", r.path("groupId").asText(), r::toString)))),
            new Extra("rejectGroupInvitation", "group", "rejectGroupInvitation", null,
                    ids -> robotAnd(ids, "vcGroupSerialNo", "c-e2e-unwanted"), ids -> Map.of(
                    "LINE_WS", new Expect(List.of(sent("RejectGroupInvitation", "group_id",
                            f -> "c-e2e-unwanted".equals(f.path("group_id").asText()))),
                            r -> assertEquals("c-e2e-unwanted", r.path("groupId").asText(), r::toString)))),
            new Extra("joinGroupByUrl", "group", "joinGroupByUrl", null,
                    ids -> robotAnd(ids, "url", "https://line.me/R/ti/g/e2e-join", "vcGroupSerialNo", "c-e2e-join"),
                    ids -> Map.of(
                    "LINE_WS", new Expect(List.of(sent("JoinGroupByUrl", "url and group_id",
                            f -> "https://line.me/R/ti/g/e2e-join".equals(f.path("url").asText())
                                    && "c-e2e-join".equals(f.path("group_id").asText()))),
                            r -> assertEquals("c-e2e-join", r.path("groupId").asText(), r::toString)))),
            new Extra("getGroupQrCode", "group", "getGroupQrCode", null,
                    ids -> robotAnd(ids, "vcGroupSerialNo", ids.group()), ids -> Map.of(
                    "LINE_WS", new Expect(List.of(sent("GetGroupQrcode", "group_id = the group",
                            f -> ids.group().equals(f.path("group_id").asText()))), r -> {
                        assertEquals(ids.group(), r.path("groupId").asText(), r::toString);
                        assertEquals("https://line.me/R/ti/g/sim-" + ids.group(), r.path("url").asText(), r::toString);
                    }),
                    "CHAT68_WS", new Expect(List.of(sent("GroupDetail", "groupId = the group",
                            f -> ids.group().equals(webbiz(f).path("groupId").asText()))), r -> {
                        assertEquals(ids.group(), r.path("groupId").asText(), r::toString);
                        assertTrue(r.path("url").asText().startsWith("https://68chat.com?qrCode="), r::toString);
                        assertEquals(4070908800000L, r.path("expiresAt").asLong(), r::toString);
                    }))),
            new Extra("searchGroup by id", "group", "searchGroup", "id",
                    ids -> robotAnd(ids, "id", "118987297"), ids -> Map.of(
                    "LINE_WS", new Expect(List.of(sent("SearchGroupById", "id = 118987297",
                            f -> "118987297".equals(f.path("id").asText()))),
                            r -> assertEquals("group 118987297", r.path("groups").get(0).path("groupName").asText(), r::toString)))),
            new Extra("searchGroup by url", "group", "searchGroup", "url",
                    ids -> robotAnd(ids, "url", "https://line.me/R/ti/g/e2e-find"), ids -> Map.of(
                    "LINE_WS", new Expect(List.of(sent("SearchGroupByUrl", "url",
                            f -> "https://line.me/R/ti/g/e2e-find".equals(f.path("url").asText()))),
                            r -> assertEquals("group by url", r.path("groups").get(0).path("groupName").asText(), r::toString)))));

    static void changed(JsonNode r, String friend) {
        assertEquals(friend, r.path("userId").asText(), r::toString);
        assertEquals("Bob", r.path("changes").path("displayName").asText(), r::toString);
        assertTrue(r.path("changes").path("block").asBoolean(false), r::toString);
    }

    /**
     * Every extra operation on this protocol (docs/SOCIAL.md): where the protocol has it, accepted at once, sent to
     * the engine as docs/PROTOCOLS.md says, its result read with getTask; where it lacks it (or the variant), 400/40011
     * before anything is queued. Merchant B gets 403 for each of them on A's robot, and cannot read A's task.
     */
    static void extras(String protocol, EngineEndToEndIT.RobotSide side, MerchantClient client, MerchantClient intruder,
                       Map<String, String> bases, String callback, Ids ids) {
        EngineSimulator engine = side.engine();
        for (Extra x : EXTRAS) {
            Map<String, Object> data = x.data().apply(ids);
            String base = bases.get(x.service());
            MerchantClient.Reply foreign = intruder.call(base, x.operation(), data);
            assertEquals(403, foreign.status(), () -> x + " by another merchant: " + foreign.body());
            Map<String, Expect> on = x.on().apply(ids);
            Expect expect = on.get(protocol);
            if (expect == null) {
                boolean hasOperation = x.variant() != null && EXTRAS.stream().anyMatch(o -> o.operation()
                        .equals(x.operation()) && o.on().apply(ids).containsKey(protocol));
                String named = hasOperation ? x.operation() + "." + x.variant() : x.operation();
                MerchantClient.Reply refused = client.call(base, x.operation(), data);
                assertEquals(400, refused.status(), () -> x + " on " + protocol + ": " + refused.body());
                assertEquals(40011, refused.errorCode(), () -> x + " on " + protocol + ": " + refused.body());
                assertEquals(named + " is not supported by protocol " + protocol + " (docs/PROTOCOLS.md)",
                        refused.body().path("vcErrorMsg").asText(), refused.body()::toString);
                continue;
            }
            engine.clearReceived();
            MerchantClient.Reply accepted = client.call(base, x.operation(), data);
            assertTrue(accepted.success(), () -> x + ": " + accepted.body());
            assertEquals(x.operation(), accepted.data().path("operation").asText(), accepted.body()::toString);
            String serial = accepted.data().path("vcSerialNo").asText();
            assertFalse(serial.isEmpty(), accepted.body()::toString);
            JsonNode[] task = new JsonNode[1];
            await(x + " done on " + protocol, () -> {
                task[0] = client.call(callback, "getTask", Map.of("vcSerialNo", serial)).data();
                return task[0].path("status").asText().matches("SUCCEEDED|FAILED|TIMED_OUT");
            });
            assertEquals("SUCCEEDED", task[0].path("status").asText(), () -> x + " on " + protocol + ": " + task[0]);
            for (Sent s : expect.sent()) {
                try {
                    engine.awaitReceived(r -> r.is(s.command()) && r.body() != null && s.fields().test(r.body()), WAIT);
                } catch (RuntimeException e) {
                    throw new AssertionError(x + " on " + protocol + ": no " + s.command() + " with " + s.what()
                            + " reached the engine", e);
                }
            }
            expect.result().accept(task[0].path("result"));
            MerchantClient.Reply peek = intruder.call(callback, "getTask", Map.of("vcSerialNo", serial));
            assertEquals(403, peek.status(), () -> "another merchant's getTask of " + x + ": " + peek.body());
        }
    }
}

