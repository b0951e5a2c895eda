package io.switchboard.account;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.common.api.Ids;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.ListParts;
import io.switchboard.common.event.ResultCodes;
import io.switchboard.common.event.Streams;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.MerchantClient.Reply;
import io.switchboard.sim.merchant.OpenApiSigner;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Friends and contacts (issue 8, docs/SOCIAL.md): addFriend, getFriendList, syncContacts and the extra operations
 * read with getTask (getContactInfo, searchContact, updateContact, deleteFriend, getFriendRequests,
 * acceptFriendRequest) over the signed Open API, the commands they publish, the contacts robot events persisted
 * with the webhooks 1002/1003/1006 they give, tenancy, ProtocolSupport refusals and a 5,000-friend list written in
 * batches. Robot events are put on
 * sb:robot-events as callback-service would.
 */
@QuarkusTest
class ContactsTest {
    static final String ADMIN = "Bearer test-admin-token";

    @TestHTTPResource("/")
    URL root;
    @Inject
    EntityManager em;
    @Inject
    RedisDataSource redis;
    @Inject
    ObjectMapper json;
    @Inject
    SecretCipher cipher;
    @Inject
    MeterRegistry meters;

    String base;
    JsonPath merchantA;
    JsonPath merchantB;
    MerchantClient clientA;
    MerchantClient clientB;
    String robot;

    @BeforeEach
    void setUp() {
        base = root.toString().replaceAll("/$", "");
        merchantA = AccountServiceTest.createMerchant("Contacts A", "openapi/merchant-a.pub.pem");
        merchantB = AccountServiceTest.createMerchant("Contacts B", "openapi/merchant-b.pub.pem");
        clientA = new MerchantClient(merchantA.getString("merchantId"), merchantA.getString("appId"),
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-a.key.pem")));
        clientB = new MerchantClient(merchantB.getString("merchantId"), merchantB.getString("appId"),
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-b.key.pem")));
        robot = robot(merchantA, "LINE_DEVICE", 0);
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    /** A robot of {@code merchant} with the protocol and state code (0 online, 1 offline, 3 limited, …). */
    String robot(JsonPath merchant, String protocol, int state) {
        String serial = "contacts-" + protocol.toLowerCase() + "-" + Ids.random("", 8);
        String engine = protocol.equals("LINE_DEVICE") ? null
                : protocol.equals("IM_HTTP") ? "http://127.0.0.1:7002/api" : "ws://127.0.0.1:7001/engine";
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into robot (robot_serial_no, "
                        + "merchant_id, protocol, state, phone, engine_url) values (?1, ?2, ?3, ?4, '8613800000000', ?5)")
                .setParameter(1, serial).setParameter(2, merchant.getString("merchantId")).setParameter(3, protocol)
                .setParameter(4, (short) state).setParameter(5, engine).executeUpdate());
        return serial;
    }

    static Map<String, Object> data(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static void assertError(Reply r, int status, int code, String messagePart) {
        assertEquals(status, r.status(), () -> "status of " + r.body());
        assertEquals(code, r.errorCode(), () -> "code of " + r.body());
        String msg = r.body().path("vcErrorMsg").asText();
        assertTrue(msg.contains(messagePart), () -> "message '" + msg + "' should contain '" + messagePart + "'");
    }

    /** The commands published for a robot (command.requested on sb:commands), oldest first. */
    @SuppressWarnings("unchecked")
    List<JsonNode> commands(String serial) {
        List<String> payloads = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select payload from outbox_event where stream = ?1 and payload like ?2 order by seq")
                .setParameter(1, Streams.COMMANDS).setParameter(2, "%\"" + serial + "\"%").getResultList());
        return payloads.stream().map(this::tree).toList();
    }

    /** A command's decrypted content: what the driver reads. */
    JsonNode content(JsonNode command) {
        return tree(cipher.decrypt(command.path("data").path("contentEnc").asText(),
                SecretContexts.commandContent(command.path("serialNo").asText())));
    }

    /** Merchant notifications (webhooks) for a robot of one nType, oldest first: their {nType, nResultCode, …, data}. */
    @SuppressWarnings("unchecked")
    List<JsonNode> webhooks(String serial, int nType) {
        List<String> payloads = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select payload from outbox_event where stream = ?1 and payload like ?2 order by seq")
                .setParameter(1, Streams.MERCHANT_EVENTS).setParameter(2, "%\"" + serial + "\"%").getResultList());
        return payloads.stream().map(this::tree).filter(n -> n.path("data").path("nType").asInt() == nType)
                .toList();
    }

    JsonNode tree(String s) {
        try {
            return json.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    EventEnvelope robotEvent(String merchantId, String serial, String type, String serialNo, JsonNode data)
            throws Exception {
        EventEnvelope e = EventEnvelope.create(type, merchantId, serial, serialNo, "callback-service", data);
        redis.stream(String.class).xadd(Streams.ROBOT_EVENTS, Map.of(Streams.FIELD_ID, e.id(),
                Streams.FIELD_EVENT, json.writeValueAsString(e)));
        return e;
    }

    /** Puts the event on the stream for robot {@code serial} of merchant A and waits until it is committed. */
    EventEnvelope deliver(String serial, String type, String serialNo, JsonNode data) throws Exception {
        EventEnvelope e = robotEvent(merchantA.getString("merchantId"), serial, type, serialNo, data);
        awaitProcessed(e);
        return e;
    }

    void awaitProcessed(EventEnvelope e) {
        RobotLifecycleTest.await("event " + e.type() + " processed", () -> QuarkusTransaction.requiringNew()
                .call(() -> ((Number) em.createNativeQuery("select count(*) from processed_event where event_id = ?1")
                        .setParameter(1, UUID.fromString(e.id())).getSingleResult()).intValue()) == 1);
    }

    ObjectNode contact(String userId, String userName) {
        ObjectNode c = json.createObjectNode();
        c.put("userId", userId);
        c.put("userName", userName);
        c.putNull("phone");
        c.putNull("avatarUrl");
        c.put("previewParm", "pp-" + userId);
        c.put("un2", 1673507642910L);
        c.put("un11", 1);
        c.put("relation", "friend");
        return c;
    }

    ObjectNode listed(boolean complete, ObjectNode... contacts) {
        ObjectNode d = json.createObjectNode();
        d.put("complete", complete);
        ArrayNode a = d.putArray("contacts");
        for (ObjectNode c : contacts) {
            a.add(c);
        }
        return d;
    }

    /** Stored rows of a robot: userId → {user_name, removed (bool), phone, preview_parm, un2, un11, relation}. */
    @SuppressWarnings("unchecked")
    Map<String, Object[]> rows(String serial) {
        List<Object[]> list = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select user_id, user_name, removed_at is not null, phone, preview_parm, un2, un11, relation "
                                + "from contact where robot_serial_no = ?1 order by user_id")
                .setParameter(1, serial).getResultList());
        Map<String, Object[]> out = new LinkedHashMap<>();
        for (Object[] r : list) {
            assertFalse(out.containsKey((String) r[0]), "one row per (robot, userId)");
            out.put((String) r[0], r);
        }
        return out;
    }

    long contactRows(String serial) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from contact where robot_serial_no = ?1").setParameter(1, serial)
                .getSingleResult()).longValue());
    }

    static Set<String> fieldNames(JsonNode o) {
        Set<String> names = new TreeSet<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    double statements(String kind) {
        var c = meters.find("sb.contacts.write.statements").tag("kind", kind).counter();
        return c == null ? 0 : c.count();
    }

    // --- addFriend ---------------------------------------------------------------------------------------------

    @Test
    void addFriendRefusesEveryInvalidInputAndPublishesNothing() {
        String longId = "u".repeat(257);
        record Case(Map<String, Object> data, int code, String message) {}
        List<Case> cases = List.of(
                new Case(data("vcRobotSerialNo", robot), 40002, "data.vcFriendPhone or data.vcUserId is required"),
                new Case(data("vcRobotSerialNo", robot, "vcFriendPhone", "8613800000001", "vcUserId", "u1"), 40001,
                        "cannot both be given"),
                new Case(data("vcFriendPhone", "8613800000001"), 40002, "data.vcRobotSerialNo is required"),
                new Case(data("vcRobotSerialNo", "r".repeat(257), "vcFriendPhone", "8613800000001"), 40001,
                        "data.vcRobotSerialNo must be at most 256 characters"),
                new Case(data("vcRobotSerialNo", robot, "vcFriendPhone", "1234"), 40001,
                        "data.vcFriendPhone must be between 5 and 20 characters"),
                new Case(data("vcRobotSerialNo", robot, "vcFriendPhone", "+" + "1".repeat(20)), 40001,
                        "data.vcFriendPhone must be between 5 and 20 characters"),
                new Case(data("vcRobotSerialNo", robot, "vcFriendPhone", "86-138-0000"), 40001,
                        "data.vcFriendPhone must be digits"),
                new Case(data("vcRobotSerialNo", robot, "vcFriendPhone", Map.of("n", 1)), 40001,
                        "data.vcFriendPhone must be a string"),
                new Case(data("vcRobotSerialNo", robot, "vcUserId", longId), 40001,
                        "data.vcUserId must be at most 256 characters"),
                new Case(data("vcRobotSerialNo", robot, "vcFriendPhones", "8613800000001"), 40001,
                        "data.vcFriendPhones is not a field"));
        for (Case c : cases) {
            Reply r = clientA.call(base, "addFriend", c.data());
            assertError(r, 400, c.code(), c.message());
        }
        assertEquals(List.of(), commands(robot), "no command for a refused addFriend");
    }

    @Test
    void addFriendPublishesThePhoneOrTheUserIdAsTheDriversRead() {
        Reply byPhone = clientA.call(base, "addFriend", data("vcRobotSerialNo", robot, "vcFriendPhone", "8613800000001"));
        assertTrue(byPhone.success(), byPhone.body()::toString);
        assertEquals(robot, byPhone.data().path("vcRobotSerialNo").asText());
        List<JsonNode> cmds = commands(robot);
        assertEquals(1, cmds.size());
        JsonNode cmd = cmds.get(0);
        assertEquals(EventTypes.COMMAND_REQUESTED, cmd.path("type").asText());
        assertEquals(byPhone.serialNo(), cmd.path("serialNo").asText(), "the command's serial is the answer's");
        assertEquals("addFriend", cmd.path("data").path("operation").asText());
        assertEquals("LINE_DEVICE", cmd.path("data").path("protocol").asText());
        assertEquals(json.createObjectNode().put("phone", "8613800000001"), content(cmd));

        String ws = robot(merchantA, "LINE_WS", 3); // limited still takes commands
        Reply byId = clientA.call(base, "addFriend", data("vcRobotSerialNo", ws, "vcUserId", "u4286b98e72ef2ebc"));
        assertTrue(byId.success(), byId.body()::toString);
        JsonNode wsCmd = commands(ws).get(0);
        assertEquals("ws://127.0.0.1:7001/engine", wsCmd.path("data").path("engineUrl").asText());
        assertEquals(json.createObjectNode().put("userId", "u4286b98e72ef2ebc"), content(wsCmd));
    }

    @Test
    void operationsTheProtocolLacksAreRefusedWith40011() {
        String im = robot(merchantA, "IM_HTTP", 0);
        String chat = robot(merchantA, "CHAT68_WS", 0);
        assertError(clientA.call(base, "addFriend", data("vcRobotSerialNo", im, "vcFriendPhone", "8613800000001")),
                400, 40011, "addFriend.phone is not supported by protocol IM_HTTP");
        assertError(clientA.call(base, "addFriend", data("vcRobotSerialNo", robot, "vcUserId", "u1")),
                400, 40011, "addFriend.userId is not supported by protocol LINE_DEVICE");
        assertError(clientA.call(base, "addFriend", data("vcRobotSerialNo", chat, "vcUserId", "u1")),
                400, 40011, "addFriend is not supported by protocol CHAT68_WS");
        assertError(clientA.call(base, "syncContacts", data("vcRobotSerialNo", im, "phones", List.of("8613800000001"))),
                400, 40011, "syncContacts is not supported by protocol IM_HTTP");
        assertError(clientA.call(base, "syncContacts", data("vcRobotSerialNo", chat, "phones", List.of("8613800000001"))),
                400, 40011, "syncContacts is not supported by protocol CHAT68_WS");
        assertEquals(List.of(), commands(im));
        assertEquals(List.of(), commands(chat));
        assertEquals(List.of(), commands(robot));
        // And what the protocol has is accepted on the same robots.
        assertTrue(clientA.call(base, "addFriend", data("vcRobotSerialNo", im, "vcUserId", "c_nd_add_1")).success());
        assertTrue(clientA.call(base, "getFriendList", data("vcRobotSerialNo", chat)).success());
    }

    @Test
    void commandsNeedTheRobotOnlineOrLimited() {
        String offline = robot(merchantA, "LINE_DEVICE", 1);
        assertError(clientA.call(base, "addFriend", data("vcRobotSerialNo", offline, "vcFriendPhone", "8613800000001")),
                409, 40902, "is offline; addFriend needs it online or limited");
        assertError(clientA.call(base, "syncContacts", data("vcRobotSerialNo", offline, "phones", List.of("8613800000001"))),
                409, 40902, "is offline; syncContacts needs it online or limited");
        assertError(clientA.call(base, "getFriendList", data("vcRobotSerialNo", offline, "refresh", true)),
                409, 40902, "is offline; getFriendList needs it online or limited");
        // Without refresh the store answers whatever the robot's state; nothing is asked of an offline robot.
        Reply stored = clientA.call(base, "getFriendList", data("vcRobotSerialNo", offline));
        assertTrue(stored.success(), stored.body()::toString);
        assertTrue(stored.data().path("refreshSerialNo").isNull());
        assertFalse(stored.data().path("refreshSent").asBoolean());
        assertEquals(List.of(), commands(offline));
        assertError(clientA.call(base, "addFriend", data("vcRobotSerialNo", "no-such-robot", "vcFriendPhone", "8613800000001")),
                404, 40403, "not found");
    }

    // --- syncContacts ------------------------------------------------------------------------------------------

    @Test
    void syncContactsRefusesEveryInvalidInputNamingTheIndex() {
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add("86138" + String.format("%08d", i));
        }
        record Case(Object phones, int code, String message) {}
        List<Object> withNumber = new ArrayList<>(List.of("8613800000001", "8613800000002", 8613800000003L));
        List<Object> withObject = new ArrayList<>(List.of("8613800000001", Map.of("phone", "8613800000002")));
        List<Object> withNull = new ArrayList<>();
        withNull.add("8613800000001");
        withNull.add(null);
        List<Case> cases = List.of(
                new Case(null, 40002, "data.phones is required"),
                new Case(List.of(), 40001, "data.phones must be between 1 and 1000 items"),
                new Case(tooMany, 40001, "data.phones must be between 1 and 1000 items"),
                new Case("8613800000001", 40001, "data.phones must be a JSON array"),
                new Case(withNumber, 40001, "data.phones[2] must be a string"),
                new Case(withObject, 40001, "data.phones[1] must be a string"),
                new Case(withNull, 40001, "data.phones[1] must be a string"),
                new Case(List.of("8613800000001", "86138x0000002"), 40001, "data.phones[1] must be digits"),
                new Case(List.of("1234"), 40001, "data.phones[0] must be between 5 and 20 characters"),
                new Case(List.of("1".repeat(21)), 40001, "data.phones[0] must be between 5 and 20 characters"));
        for (Case c : cases) {
            Map<String, Object> d = new HashMap<>();
            d.put("vcRobotSerialNo", robot);
            if (c.phones() != null) {
                d.put("phones", c.phones());
            }
            assertError(clientA.call(base, "syncContacts", d), 400, c.code(), c.message());
        }
        assertEquals(List.of(), commands(robot), "no command for a refused syncContacts");
    }

    @Test
    void syncContactsPublishesThePhonesOnceEach() {
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            phones.add("+86138" + String.format("%08d", i));
        }
        phones.set(999, phones.get(0)); // a duplicate is sent once
        Reply r = clientA.call(base, "syncContacts", data("vcRobotSerialNo", robot, "phones", phones));
        assertTrue(r.success(), r.body()::toString);
        JsonNode cmd = commands(robot).get(0);
        assertEquals("syncContacts", cmd.path("data").path("operation").asText());
        JsonNode sent = content(cmd).path("phones");
        assertEquals(999, sent.size());
        assertEquals("+8613800000000", sent.get(0).asText());
        assertEquals("+8613800000998", sent.get(998).asText());
    }

    // --- getFriendList and contacts.listed ---------------------------------------------------------------------

    @Test
    void getFriendListValidatesItsPaging() {
        assertError(clientA.call(base, "getFriendList", data("vcRobotSerialNo", robot, "limit", 0)), 400, 40001,
                "data.limit must be between 1 and 500");
        assertError(clientA.call(base, "getFriendList", data("vcRobotSerialNo", robot, "limit", 501)), 400, 40001,
                "data.limit must be between 1 and 500");
        assertError(clientA.call(base, "getFriendList", data("vcRobotSerialNo", robot, "refresh", "soon")), 400, 40001,
                "data.refresh must be true or false");
        assertError(clientA.call(base, "getFriendList", data("vcRobotSerialNo", robot, "after", "u".repeat(257))),
                400, 40001, "data.after must be at most 256 characters");
        assertError(clientA.call(base, "getFriendList", data()), 400, 40002, "data.vcRobotSerialNo is required");
        assertEquals(List.of(), commands(robot));
    }

    @Test
    void getFriendListAsksTheRobotOnceAndAnswersFromTheStore() throws Exception {
        Reply first = clientA.call(base, "getFriendList", data("vcRobotSerialNo", robot));
        assertTrue(first.success(), first.body()::toString);
        assertEquals(0, first.data().path("total").asInt());
        assertTrue(first.data().path("listedAt").isNull(), "never listed");
        assertTrue(first.data().path("refreshSent").asBoolean(), "a store never filled asks the robot: " + first.body());
        String refresh = first.data().path("refreshSerialNo").asText();
        assertEquals(first.serialNo(), refresh);
        Reply again = clientA.call(base, "getFriendList", data("vcRobotSerialNo", robot, "refresh", true));
        assertFalse(again.data().path("refreshSent").asBoolean(), "the refresh in flight is shared");
        assertEquals(refresh, again.data().path("refreshSerialNo").asText());
        List<JsonNode> cmds = commands(robot);
        assertEquals(1, cmds.size(), "one command for both calls");
        assertEquals("getFriendList", cmds.get(0).path("data").path("operation").asText());
        assertEquals(json.createObjectNode(), content(cmds.get(0)));

        ObjectNode c2 = contact("u02", "Bob");
        c2.put("previewParm", (String) null);
        c2.putNull("un2");
        deliver(robot, EventTypes.CONTACTS_LISTED, refresh, listed(true, contact("u03", "Carol"), contact("u01", "Ann"),
                c2, contact("u05", "Eve"), contact("u04", "Dan")));

        JsonNode hook = webhooks(robot, 1003).get(0).path("data");
        assertEquals(ResultCodes.OK, hook.path("nResultCode").asInt());
        assertEquals(5, hook.path("data").size());
        JsonNode carol = hook.path("data").get(0);
        assertEquals(Set.of("vcUserId", "vcUserName", "Un2", "Un11", "vcPreviewParm"), fieldNames(carol),
                "exactly seed 001's 1003 fields");
        assertEquals("u03", carol.path("vcUserId").asText());
        assertEquals("Carol", carol.path("vcUserName").asText());
        assertEquals(1673507642910L, carol.path("Un2").asLong());
        assertEquals(1, carol.path("Un11").asInt());
        assertEquals("pp-u03", carol.path("vcPreviewParm").asText());
        JsonNode bob = hook.path("data").get(2);
        assertTrue(bob.path("vcPreviewParm").isNull() && bob.path("Un2").isNull(), bob::toString);

        Reply page1 = clientA.call(base, "getFriendList", data("vcRobotSerialNo", robot, "limit", 2));
        assertFalse(page1.data().path("refreshSent").asBoolean(), "listed now: no implicit refresh");
        assertTrue(page1.data().path("refreshSerialNo").isNull(), "the refresh has its answer: " + page1.body());
        assertTrue(page1.data().path("listedAt").asLong() > 0);
        assertEquals(5, page1.data().path("total").asInt());
        JsonNode ann = page1.data().path("friends").get(0);
        assertEquals("u01", ann.path("vcUserId").asText());
        assertEquals("Ann", ann.path("vcUserName").asText());
        assertEquals("pp-u01", ann.path("vcPreviewParm").asText());
        assertEquals(1673507642910L, ann.path("Un2").asLong());
        assertEquals(1, ann.path("Un11").asInt());
        assertEquals("friend", ann.path("vcRelation").asText());
        assertEquals("u02", page1.data().path("nextAfter").asText());
        Reply page2 = clientA.call(base, "getFriendList", data("vcRobotSerialNo", robot, "limit", 2, "after", "u02"));
        assertEquals(List.of("u03", "u04"), ids(page2));
        Reply page3 = clientA.call(base, "getFriendList", data("vcRobotSerialNo", robot, "limit", 2, "after", "u04"));
        assertEquals(List.of("u05"), ids(page3));
        assertTrue(page3.data().path("nextAfter").isNull(), "the last page");
        assertEquals(1, commands(robot).size(), "answers from the store send nothing");
    }

    List<String> ids(Reply r) {
        List<String> out = new ArrayList<>();
        r.data().path("friends").forEach(f -> out.add(f.path("vcUserId").asText()));
        return out;
    }

    @Test
    void aCompleteListUpsertsWithoutDuplicatesAndMarksTheMissingRemoved() throws Exception {
        deliver(robot, EventTypes.CONTACTS_LISTED, "s1", listed(true, contact("a", "A"), contact("b", "B"),
                contact("c", "C")));
        // A partial list (complete false) updates but removes nothing.
        deliver(robot, EventTypes.CONTACTS_LISTED, "s2", listed(false, contact("b", "B2")));
        Map<String, Object[]> rows = rows(robot);
        assertEquals(3, rows.size());
        assertEquals("B2", rows.get("b")[1]);
        assertFalse((Boolean) rows.get("a")[2], "a partial list removes nothing");

        ObjectNode bNoLine = contact("b", "B3");
        bNoLine.putNull("previewParm");
        bNoLine.putNull("un2");
        bNoLine.putNull("un11");
        deliver(robot, EventTypes.CONTACTS_LISTED, "s3", listed(true, bNoLine, contact("c", "C"), contact("d", "D"),
                contact("d", "D-again")));
        rows = rows(robot);
        assertEquals(4, rows.size(), "upserted by (robot, userId): " + rows.keySet());
        assertTrue((Boolean) rows.get("a")[2], "a is no longer in the complete list: removed_at set");
        assertFalse((Boolean) rows.get("b")[2]);
        assertEquals("B3", rows.get("b")[1]);
        assertEquals("pp-b", rows.get("b")[4], "a field the report leaves null keeps its stored value");
        assertEquals("D-again", rows.get("d")[1], "the last report of a userId in one list wins");
        assertEquals(3, clientA.call(base, "getFriendList", data("vcRobotSerialNo", robot)).data().path("total").asInt());

        deliver(robot, EventTypes.CONTACTS_LISTED, "s4", listed(true, contact("a", "A"), contact("b", "B"),
                contact("c", "C"), contact("d", "D")));
        assertFalse((Boolean) rows(robot).get("a")[2], "a friend who comes back is current again, the same row");
        assertEquals(4, contactRows(robot));
        deliver(robot, EventTypes.CONTACTS_LISTED, "s5", listed(true));
        assertEquals(0, clientA.call(base, "getFriendList", data("vcRobotSerialNo", robot)).data().path("total").asInt(),
                "an empty complete list: every friend removed");
        assertEquals(4, contactRows(robot), "removed rows are kept");
    }

    /** Part {@code part} of {@code parts} of a complete list, as callback-service sends a list in parts. */
    ObjectNode part(int part, int parts, ObjectNode... contacts) {
        ObjectNode d = listed(false, contacts);
        d.put("part", part);
        d.put("parts", parts);
        return d;
    }

    Object listedAt() {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select contacts_listed_at from robot where robot_serial_no = ?1").setParameter(1, robot)
                .getSingleResult());
    }

    /** The friends (userId) getFriendList answers from the store. */
    Set<String> current() {
        Set<String> out = new TreeSet<>();
        rows(robot).forEach((id, r) -> {
            if (!(Boolean) r[2]) {
                out.add(id);
            }
        });
        return out;
    }

    @Test
    void aListInPartsMarksTheMissingRemovedOnlyOnceEveryPartIsStoredInAnyOrder() throws Exception {
        deliver(robot, EventTypes.CONTACTS_LISTED, "p0", listed(true, contact("gone", "G"), contact("a", "A")));
        assertEquals(Set.of("a", "gone"), current());
        Object before = listedAt();

        // Parts 3 and 1 of 3 (out of order): stored, but the list is not complete, so "gone" stays.
        deliver(robot, EventTypes.CONTACTS_LISTED, "p1", part(3, 3, contact("e", "E")));
        deliver(robot, EventTypes.CONTACTS_LISTED, "p1", part(1, 3, contact("a", "A1"), contact("b", "B")));
        assertEquals(Set.of("a", "b", "e", "gone"), current(), "nothing removed before the last part");
        // Part 1 again (a repeat with another event id) counts once.
        deliver(robot, EventTypes.CONTACTS_LISTED, "p1", part(1, 3, contact("a", "A1"), contact("b", "B")));
        assertEquals(Set.of("a", "b", "e", "gone"), current());
        assertEquals(before, listedAt(), "the list is not complete yet");

        deliver(robot, EventTypes.CONTACTS_LISTED, "p1", part(2, 3, contact("c", "C")));
        assertEquals(Set.of("a", "b", "c", "e"), current(), "complete: the friend no part named is removed");
        assertEquals("A1", rows(robot).get("a")[1]);
        assertFalse(before.equals(listedAt()), "complete: the robot's list is as of now");

        // A late part of an older list ("p0x" < "p1") is told but not stored: it cannot bring "gone" back.
        deliver(robot, EventTypes.CONTACTS_LISTED, "p0x", part(1, 2, contact("gone", "G")));
        assertEquals(Set.of("a", "b", "c", "e"), current(), "a stale part changes nothing");
        assertEquals(1, webhooks("p0x", 1003).size(), "but the merchant hears what the robot reported");

        // Two lists interleaved: the older completes after the newer started; what the newer named stays.
        deliver(robot, EventTypes.CONTACTS_LISTED, "p3", part(1, 2, contact("a", "A"), contact("x", "X")));
        deliver(robot, EventTypes.CONTACTS_LISTED, "p2", part(1, 2, contact("a", "A")));
        deliver(robot, EventTypes.CONTACTS_LISTED, "p2", part(2, 2, contact("b", "B")));
        assertEquals(Set.of("a", "b", "x"), current(), "p2 complete: c and e gone; x (named by the newer p3) kept");
        deliver(robot, EventTypes.CONTACTS_LISTED, "p3", part(2, 2, contact("c", "C")));
        assertEquals(Set.of("a", "c", "x"), current(), "p3 complete: b gone, c back");
        assertEquals(10, webhooks(robot, 1003).size(),
                "one 1003 per part delivered (each small), the repeat and the stale part included");
    }

    // --- contact.added, contacts.synced, contact.changed -------------------------------------------------------

    @Test
    void contactAddedIsStoredAndGivesWebhook1002() throws Exception {
        ObjectNode c = contact("u4286b98e", "jailen");
        c.putNull("phone");
        ObjectNode d = json.createObjectNode();
        d.set("contact", c);
        d.put("phone", "8613800000009");
        deliver(robot, EventTypes.CONTACT_ADDED, "add-1", d);
        Object[] row = rows(robot).get("u4286b98e");
        assertNotNull(row);
        assertEquals("jailen", row[1]);
        assertEquals("8613800000009", row[3], "the phone it was added by");
        JsonNode hook = webhooks(robot, 1002).get(0);
        assertEquals("add-1", hook.path("serialNo").asText(), "optvcSerNo is the command's serial");
        assertEquals(ResultCodes.OK, hook.path("data").path("nResultCode").asInt());
        JsonNode body = hook.path("data").path("data");
        assertEquals(Set.of("vcUserId", "vcUserName", "vcPreviewParm"), fieldNames(body));
        assertEquals("u4286b98e", body.path("vcUserId").asText());
        assertEquals("jailen", body.path("vcUserName").asText());
        assertEquals("pp-u4286b98e", body.path("vcPreviewParm").asText());
    }

    @Test
    void contactsSyncedStoresTheMatchesAndGivesWebhook1006() throws Exception {
        ObjectNode c1 = contact("u7", "Yufan");
        c1.put("phone", "+8613723896951");
        c1.put("abperson", "4b76d4a1-c5e5-471c-a1b6-07e147f5999c:ABPerson");
        ObjectNode c2 = contact("u8", "Local");
        c2.put("phone", "0812345678");
        c2.putNull("abperson");
        ObjectNode d = json.createObjectNode();
        d.putArray("contacts").add(c1).add(c2);
        deliver(robot, EventTypes.CONTACTS_SYNCED, "sync-1", d);
        Map<String, Object[]> rows = rows(robot);
        assertEquals("+8613723896951", rows.get("u7")[3]);
        assertEquals("0812345678", rows.get("u8")[3]);
        JsonNode hook = webhooks(robot, 1006).get(0).path("data");
        assertEquals(ResultCodes.OK, hook.path("nResultCode").asInt());
        JsonNode first = hook.path("data").get(0);
        assertEquals(Set.of("vcUserId", "vcUserName", "nPhoneNumber", "vcAbperson", "Un2"), fieldNames(first));
        assertEquals("u7", first.path("vcUserId").asText());
        assertEquals("Yufan", first.path("vcUserName").asText());
        assertTrue(first.path("nPhoneNumber").isNumber(), "a number, as seed 001 types it: " + first);
        assertEquals(8613723896951L, first.path("nPhoneNumber").asLong());
        assertEquals("4b76d4a1-c5e5-471c-a1b6-07e147f5999c:ABPerson", first.path("vcAbperson").asText());
        assertEquals(1673507642910L, first.path("Un2").asLong());
        JsonNode second = hook.path("data").get(1);
        assertEquals("0812345678", second.path("nPhoneNumber").asText(), "a leading 0 would be lost as a number");
        assertTrue(second.path("vcAbperson").isNull());
    }

    @Test
    void contactChangedUpsertsWithoutAWebhook() throws Exception {
        ObjectNode c = contact("u9", "Before");
        deliver(robot, EventTypes.CONTACT_CHANGED, null, c);
        ObjectNode changed = contact("u9", "After");
        changed.put("relation", "blocked");
        deliver(robot, EventTypes.CONTACT_CHANGED, null, changed);
        Map<String, Object[]> rows = rows(robot);
        assertEquals(1, rows.size());
        assertEquals("After", rows.get("u9")[1]);
        assertEquals("blocked", rows.get("u9")[7]);
        assertEquals(List.of(), webhooks(robot, 1002));
        assertEquals(List.of(), webhooks(robot, 1003));
    }

    @Test
    void aFailedCommandGivesTheOperationsWebhookWithCode2() throws Exception {
        Reply list = clientA.call(base, "getFriendList", data("vcRobotSerialNo", robot, "refresh", true));
        String refresh = list.data().path("refreshSerialNo").asText();
        Map<String, Integer> types = Map.of("addFriend", 1002, "getFriendList", 1003, "syncContacts", 1006);
        for (var t : types.entrySet()) {
            ObjectNode d = json.createObjectNode().put("operation", t.getKey()).put("reason", "engine said no: " + t.getKey());
            deliver(robot, EventTypes.COMMAND_FAILED, t.getKey().equals("getFriendList") ? refresh : "f-" + t.getKey(), d);
            List<JsonNode> hooks = webhooks(robot, t.getValue());
            assertEquals(1, hooks.size(), t.getKey());
            JsonNode n = hooks.get(0).path("data");
            assertEquals(ResultCodes.COMMAND_FAILED, n.path("nResultCode").asInt(), t.getKey());
            assertEquals("engine said no: " + t.getKey(), n.path("vcResultMsg").asText());
        }
        Reply after = clientA.call(base, "getFriendList", data("vcRobotSerialNo", robot, "refresh", true));
        assertTrue(after.data().path("refreshSent").asBoolean(), "a failed refresh is not waited for: " + after.body());
        assertEquals(2, commands(robot).size());
    }

    // --- the extra operations, read with getTask (docs/SOCIAL.md "The extra operations") ----------------------

    /** A valid {@code data} of each extra operation for robot {@code serial}. */
    static Map<String, Object> extraData(String operation, String serial) {
        return switch (operation) {
            case "getContactInfo" -> data("vcRobotSerialNo", serial, "vcUserIds", List.of("u1"));
            case "searchContact" -> data("vcRobotSerialNo", serial, "vcUserId", "u1");
            case "updateContact" -> data("vcRobotSerialNo", serial, "vcUserId", "u1", "displayName", "Ann");
            case "getFriendRequests" -> data("vcRobotSerialNo", serial);
            default -> data("vcRobotSerialNo", serial, "vcUserId", "u1"); // deleteFriend, acceptFriendRequest
        };
    }

    static final List<String> EXTRA = List.of("getContactInfo", "searchContact", "updateContact", "deleteFriend",
            "getFriendRequests", "acceptFriendRequest");

    @Test
    void extraOperationsRefuseEveryInvalidInputAndPublishNothing() {
        String ws = robot(merchantA, "LINE_WS", 0);
        String im = robot(merchantA, "IM_HTTP", 0);
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add("u" + i);
        }
        List<Object> withNumber = new ArrayList<>(List.of("u1", 42));
        List<Object> withObject = new ArrayList<>(List.of(Map.of("id", "u1")));
        record Case(String operation, String serial, Map<String, Object> data, int code, String message) {}
        List<Case> cases = List.of(
                new Case("getContactInfo", ws, data("vcRobotSerialNo", ws), 40002, "data.vcUserIds is required"),
                new Case("getContactInfo", ws, data("vcUserIds", List.of("u1")), 40002, "data.vcRobotSerialNo is required"),
                new Case("getContactInfo", ws, data("vcRobotSerialNo", ws, "vcUserIds", List.of()), 40001,
                        "data.vcUserIds must be between 1 and 50 items"),
                new Case("getContactInfo", ws, data("vcRobotSerialNo", ws, "vcUserIds", tooMany), 40001,
                        "data.vcUserIds must be between 1 and 50 items"),
                new Case("getContactInfo", ws, data("vcRobotSerialNo", ws, "vcUserIds", "u1"), 40001,
                        "data.vcUserIds must be a JSON array"),
                new Case("getContactInfo", ws, data("vcRobotSerialNo", ws, "vcUserIds", withNumber), 40001,
                        "data.vcUserIds[1] must be a string"),
                new Case("getContactInfo", ws, data("vcRobotSerialNo", ws, "vcUserIds", withObject), 40001,
                        "data.vcUserIds[0] must be a string"),
                new Case("getContactInfo", ws, data("vcRobotSerialNo", ws, "vcUserIds", List.of("u".repeat(257))),
                        40001, "data.vcUserIds[0] must be at most 256 characters"),
                new Case("getContactInfo", ws, data("vcRobotSerialNo", ws, "vcUserIds", List.of("u1"), "vcUserId",
                        "u2"), 40001, "data.vcUserId is not a field"),
                new Case("searchContact", ws, data("vcRobotSerialNo", ws), 40002,
                        "data.vcUserId, data.phone or data.url is required"),
                new Case("searchContact", ws, data("vcRobotSerialNo", ws, "vcUserId", "u1", "url",
                        "https://line.me/ti/p/abc"), 40001, "only one of data.vcUserId, data.phone and data.url"),
                new Case("searchContact", ws, data("vcRobotSerialNo", ws, "phone", "86-138"), 40001,
                        "data.phone must be digits"),
                new Case("searchContact", ws, data("vcRobotSerialNo", ws, "phone", "1234"), 40001,
                        "data.phone must be between 5 and 20 characters"),
                new Case("searchContact", ws, data("vcRobotSerialNo", ws, "url", "ftp://line.me/x"), 40001,
                        "data.url must be an http(s) URL"),
                new Case("searchContact", ws, data("vcRobotSerialNo", ws, "vcUserId", Map.of("id", "u1")), 40001,
                        "data.vcUserId must be a string"),
                new Case("searchContact", ws, data("vcRobotSerialNo", ws, "email", "a@b.c"), 40001,
                        "data.email is not a field"),
                new Case("updateContact", ws, data("vcRobotSerialNo", ws, "vcUserId", "u1"), 40002,
                        "data must change at least one of displayName, star, block, notifications"),
                new Case("updateContact", ws, data("vcRobotSerialNo", ws, "star", true), 40002,
                        "data.vcUserId is required"),
                new Case("updateContact", ws, data("vcRobotSerialNo", ws, "vcUserId", "u1", "star", "yes"), 40001,
                        "data.star must be true or false"),
                new Case("updateContact", ws, data("vcRobotSerialNo", ws, "vcUserId", "u1", "block", Map.of()), 40001,
                        "data.block must be true or false"),
                new Case("updateContact", ws, data("vcRobotSerialNo", ws, "vcUserId", "u1", "displayName",
                        "n".repeat(257)), 40001, "data.displayName must be at most 256 characters"),
                new Case("updateContact", ws, data("vcRobotSerialNo", ws, "vcUserId", "u1", "nickname", "x"), 40001,
                        "data.nickname is not a field"),
                new Case("deleteFriend", im, data("vcRobotSerialNo", im), 40002, "data.vcUserId is required"),
                new Case("deleteFriend", im, data("vcRobotSerialNo", im, "vcUserId", List.of("u1")), 40001,
                        "data.vcUserId must be a string"),
                new Case("deleteFriend", im, data("vcRobotSerialNo", im, "vcUserIds", List.of("u1")), 40001,
                        "data.vcUserIds is not a field"),
                new Case("getFriendRequests", im, data(), 40002, "data.vcRobotSerialNo is required"),
                new Case("getFriendRequests", im, data("vcRobotSerialNo", im, "vcUserId", "u1"), 40001,
                        "data.vcUserId is not a field"),
                new Case("getFriendRequests", im, data("vcRobotSerialNo", "r".repeat(257)), 40001,
                        "data.vcRobotSerialNo must be at most 256 characters"),
                new Case("acceptFriendRequest", im, data("vcRobotSerialNo", im), 40002, "data.vcUserId is required"),
                new Case("acceptFriendRequest", im, data("vcRobotSerialNo", im, "vcUserId", "u".repeat(257)), 40001,
                        "data.vcUserId must be at most 256 characters"));
        for (Case c : cases) {
            assertError(clientA.call(base, c.operation(), c.data()), 400, c.code(), c.message());
        }
        assertEquals(List.of(), commands(ws), "no command for a refused call");
        assertEquals(List.of(), commands(im), "no command for a refused call");
    }

    /** Calls {@code operation}, checks the answer points at getTask, and returns the command's decrypted content. */
    JsonNode published(String serial, String operation, Map<String, Object> data) {
        Reply r = clientA.call(base, operation, data);
        assertTrue(r.success(), r.body()::toString);
        assertEquals(serial, r.data().path("vcRobotSerialNo").asText());
        assertEquals(operation, r.data().path("operation").asText());
        assertEquals(r.serialNo(), r.data().path("vcSerialNo").asText(), "the command's serial is in the answer");
        assertTrue(r.data().path("result").asText().contains("getTask"), r.body()::toString);
        List<JsonNode> cmds = commands(serial);
        JsonNode cmd = cmds.getLast();
        assertEquals(r.serialNo(), cmd.path("serialNo").asText());
        assertEquals(EventTypes.COMMAND_REQUESTED, cmd.path("type").asText());
        assertEquals(operation, cmd.path("data").path("operation").asText());
        return content(cmd);
    }

    @Test
    void extraOperationsPublishTheirContentAndAnswerWithTheTaskSerial() {
        String ws = robot(merchantA, "LINE_WS", 3); // limited still takes commands
        String im = robot(merchantA, "IM_HTTP", 0);
        String chat = robot(merchantA, "CHAT68_WS", 0);
        assertEquals(tree("{\"userIds\":[\"u1\",\"u2\"]}"), published(ws, "getContactInfo",
                data("vcRobotSerialNo", ws, "vcUserIds", List.of("u1", "u2", "u1"))), "repeats sent once");
        assertEquals(tree("{\"userIds\":[\"uid-9\"]}"), published(chat, "getContactInfo",
                data("vcRobotSerialNo", chat, "vcUserIds", List.of("uid-9"))));
        assertEquals(tree("{\"userId\":\"u1\"}"), published(ws, "searchContact",
                data("vcRobotSerialNo", ws, "vcUserId", "u1")));
        assertEquals(tree("{\"phone\":\"+8613800000001\"}"), published(ws, "searchContact",
                data("vcRobotSerialNo", ws, "phone", "+8613800000001")));
        assertEquals(tree("{\"url\":\"https://line.me/ti/p/abc\"}"), published(ws, "searchContact",
                data("vcRobotSerialNo", ws, "url", "https://line.me/ti/p/abc")));
        assertEquals(tree("{\"userId\":\"c_nd_add_1\"}"), published(im, "searchContact",
                data("vcRobotSerialNo", im, "vcUserId", "c_nd_add_1")));
        assertEquals(tree("{\"userId\":\"u1\",\"displayName\":\"Ann\",\"star\":true,\"block\":false,"
                        + "\"notifications\":false}"), published(ws, "updateContact", data("vcRobotSerialNo", ws,
                "vcUserId", "u1", "displayName", "Ann", "star", true, "block", false, "notifications", "false")));
        assertEquals(tree("{\"userId\":\"c1\",\"block\":true}"), published(im, "updateContact",
                data("vcRobotSerialNo", im, "vcUserId", "c1", "block", true)));
        assertEquals(tree("{\"userId\":\"c1\"}"), published(im, "deleteFriend",
                data("vcRobotSerialNo", im, "vcUserId", "c1")));
        assertEquals(tree("{}"), published(im, "getFriendRequests", data("vcRobotSerialNo", im)));
        assertEquals(tree("{}"), published(chat, "getFriendRequests", data("vcRobotSerialNo", chat)));
        assertEquals(tree("{\"userId\":\"c2\"}"), published(im, "acceptFriendRequest",
                data("vcRobotSerialNo", im, "vcUserId", "c2")));
        assertEquals(5, commands(ws).size());
        assertEquals(5, commands(im).size());
        assertEquals(2, commands(chat).size());
    }

    @Test
    void extraOperationsAndVariantsTheProtocolLacksAreRefusedWith40011() {
        String ws = robot(merchantA, "LINE_WS", 0);
        String im = robot(merchantA, "IM_HTTP", 0);
        String chat = robot(merchantA, "CHAT68_WS", 0);
        record Case(String serial, String operation, Map<String, Object> data, String message) {}
        List<Case> cases = List.of(
                new Case(robot, "getContactInfo", extraData("getContactInfo", robot),
                        "getContactInfo is not supported by protocol LINE_DEVICE"),
                new Case(chat, "searchContact", extraData("searchContact", chat),
                        "searchContact is not supported by protocol CHAT68_WS"),
                // The operation is checked before its variant.
                new Case(robot, "searchContact", data("vcRobotSerialNo", robot, "phone", "8613800000001"),
                        "searchContact is not supported by protocol LINE_DEVICE"),
                new Case(im, "searchContact", data("vcRobotSerialNo", im, "phone", "8613800000001"),
                        "searchContact.phone is not supported by protocol IM_HTTP"),
                new Case(im, "searchContact", data("vcRobotSerialNo", im, "url", "https://example.com/u/1"),
                        "searchContact.url is not supported by protocol IM_HTTP"),
                new Case(chat, "updateContact", extraData("updateContact", chat),
                        "updateContact is not supported by protocol CHAT68_WS"),
                // One unsupported field refuses the whole request.
                new Case(im, "updateContact", data("vcRobotSerialNo", im, "vcUserId", "c1", "displayName", "Ann",
                        "star", true), "updateContact.star is not supported by protocol IM_HTTP"),
                new Case(ws, "deleteFriend", extraData("deleteFriend", ws),
                        "deleteFriend is not supported by protocol LINE_WS"),
                new Case(chat, "deleteFriend", extraData("deleteFriend", chat),
                        "deleteFriend is not supported by protocol CHAT68_WS"),
                new Case(ws, "getFriendRequests", extraData("getFriendRequests", ws),
                        "getFriendRequests is not supported by protocol LINE_WS"),
                new Case(robot, "getFriendRequests", extraData("getFriendRequests", robot),
                        "getFriendRequests is not supported by protocol LINE_DEVICE"),
                new Case(ws, "acceptFriendRequest", extraData("acceptFriendRequest", ws),
                        "acceptFriendRequest is not supported by protocol LINE_WS"),
                new Case(chat, "acceptFriendRequest", extraData("acceptFriendRequest", chat),
                        "acceptFriendRequest is not supported by protocol CHAT68_WS"));
        for (Case c : cases) {
            assertError(clientA.call(base, c.operation(), c.data()), 400, 40011, c.message());
        }
        for (String serial : List.of(robot, ws, im, chat)) {
            assertEquals(List.of(), commands(serial), "nothing published for a refused call");
        }
    }

    @Test
    void extraOperationsCheckTheRobotItsOwnerAndItsState() {
        String im = robot(merchantA, "IM_HTTP", 0); // IM_HTTP has all six but searchContact's phone/url, star
        String offline = robot(merchantA, "IM_HTTP", 1);
        for (String op : EXTRA) {
            assertError(clientB.call(base, op, extraData(op, im)), 403, 40301, "belongs to another merchant");
            assertError(clientA.call(base, op, extraData(op, "no-such-robot")), 404, 40403, "not found");
            assertError(clientA.call(base, op, extraData(op, offline)), 409, 40902,
                    "is offline; " + op + " needs it online or limited");
        }
        assertEquals(List.of(), commands(im), "nothing asked of A's robot by B");
        assertEquals(List.of(), commands(offline));
    }

    // --- tenancy -----------------------------------------------------------------------------------------------

    @Test
    void merchantBCannotReadOrActOnARobotOfA() throws Exception {
        deliver(robot, EventTypes.CONTACTS_LISTED, "s1", listed(true, contact("shared-user", "A's friend")));
        assertError(clientB.call(base, "getFriendList", data("vcRobotSerialNo", robot)), 403, 40301, "another merchant");
        assertError(clientB.call(base, "addFriend", data("vcRobotSerialNo", robot, "vcFriendPhone", "8613800000001")),
                403, 40301, "another merchant");
        assertError(clientB.call(base, "syncContacts", data("vcRobotSerialNo", robot, "phones", List.of("8613800000001"))),
                403, 40301, "another merchant");
        assertEquals(List.of(), commands(robot), "nothing asked of A's robot");

        // B's own robot with the same messenger user id: its own row, and B sees only its own data.
        String robotB = robot(merchantB, "LINE_DEVICE", 0);
        EventEnvelope e = robotEvent(merchantB.getString("merchantId"), robotB, EventTypes.CONTACTS_LISTED, "sb1",
                listed(true, contact("shared-user", "B's friend")));
        awaitProcessed(e);
        JsonNode bList = clientB.call(base, "getFriendList", data("vcRobotSerialNo", robotB)).data();
        assertEquals(1, bList.path("total").asInt());
        assertEquals("B's friend", bList.path("friends").get(0).path("vcUserName").asText());
        assertEquals("A's friend", rows(robot).get("shared-user")[1], "A's row untouched");

        // An event naming B's merchant for A's robot changes nothing and tells no one.
        EventEnvelope forged = robotEvent(merchantB.getString("merchantId"), robot, EventTypes.CONTACTS_LISTED, "x1",
                listed(true, contact("intruder", "X")));
        EventEnvelope forgedAdd = robotEvent(merchantB.getString("merchantId"), robot, EventTypes.CONTACT_ADDED, "x2",
                json.createObjectNode().set("contact", contact("intruder2", "Y")));
        awaitProcessed(forged);
        awaitProcessed(forgedAdd);
        assertEquals(Set.of("shared-user"), rows(robot).keySet());
        assertFalse((Boolean) rows(robot).get("shared-user")[2], "not marked removed by the forged complete list");
        assertEquals(1, webhooks(robot, 1003).size());
        assertEquals(0, webhooks(robot, 1002).size());
    }

    // --- 5,000 friends -----------------------------------------------------------------------------------------

    @Test
    void fiveThousandFriendsArePersistedInBatchesAndPagedThrough() throws Exception {
        ObjectNode[] friends = new ObjectNode[5000];
        for (int i = 0; i < friends.length; i++) {
            friends[i] = contact(String.format("u%032x", i * 7919L), "friend " + i);
        }
        double upserts = statements("upsert");
        double removals = statements("removal");
        List<ObjectNode> parts = inParts(friends);
        assertEquals(2, parts.size(), "5,000 LINE-shaped friends are two parts of at most 1 MB");
        int statementsExpected = parts.stream().mapToInt(p -> (p.path("contacts").size() + 999) / 1000).sum();
        long t0 = System.nanoTime();
        deliverAll("big-1", parts);
        long firstMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(5000, contactRows(robot));
        assertEquals(statementsExpected, statements("upsert") - upserts,
                "each part's contacts in upsert statements of 1,000");
        assertEquals(1, statements("removal") - removals, "removal marking is one statement, after the last part");

        // Again, with 10 friends gone: updates in place, 10 marked removed.
        ObjectNode[] fewer = java.util.Arrays.copyOf(friends, 4990);
        t0 = System.nanoTime();
        deliverAll("big-2", inParts(fewer));
        long secondMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(5000, contactRows(robot));
        System.out.printf("PERF contacts.listed 5000 friends in %d parts: first %d ms, again with 10 removed %d ms "
                + "(parts on the stream to all committed)%n", parts.size(), firstMs, secondMs);
        assertTrue(firstMs < 10_000 && secondMs < 10_000, "bounded time");

        Set<String> seen = new HashSet<>();
        String after = null;
        int pages = 0;
        do {
            Map<String, Object> d = data("vcRobotSerialNo", robot, "limit", 500);
            if (after != null) {
                d.put("after", after);
            }
            JsonNode page = clientA.call(base, "getFriendList", d).data();
            assertEquals(4990, page.path("total").asInt());
            page.path("friends").forEach(f -> assertTrue(seen.add(f.path("vcUserId").asText()), "no repeats"));
            after = page.path("nextAfter").isNull() ? null : page.path("nextAfter").asText();
            pages++;
        } while (after != null);
        assertEquals(4990, seen.size());
        assertEquals(10, pages);
        int told = 0;
        for (JsonNode w : webhooks("big-2", 1003)) {
            assertTrue(w.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= ListParts.MAX_BYTES,
                    "each 1003 at most 1 MB");
            told += w.path("data").path("data").size();
        }
        assertEquals(4990, told, "the 1003 webhooks together list them all");
    }

    /** The list as callback-service publishes it: parts of at most ~1 MB. */
    List<ObjectNode> inParts(ObjectNode... contacts) {
        return ListParts.listParts(json, listed(true, contacts), "contacts", ListParts.DATA_BYTES);
    }

    /** All parts on the stream at once, the last first (any order must do), then waits until every one is committed. */
    void deliverAll(String serialNo, List<ObjectNode> parts) throws Exception {
        List<EventEnvelope> sent = new ArrayList<>();
        for (int i = parts.size() - 1; i >= 0; i--) {
            sent.add(robotEvent(merchantA.getString("merchantId"), robot, EventTypes.CONTACTS_LISTED, serialNo,
                    parts.get(i)));
        }
        sent.forEach(this::awaitProcessed);
    }

    // --- admin -------------------------------------------------------------------------------------------------

    @Test
    void adminContactsArePagedAndFiltered() throws Exception {
        ObjectNode blocked = contact("x2", "Zed Blocked");
        blocked.put("relation", "blocked");
        deliver(robot, EventTypes.CONTACTS_LISTED, "s1", listed(true, contact("x1", "Alice Smith"), blocked,
                contact("x3", "Bob Smith")));
        deliver(robot, EventTypes.CONTACTS_LISTED, "s2", listed(true, contact("x1", "Alice Smith"), blocked));

        JsonPath all = given().header("Authorization", ADMIN).queryParam("robotSerialNo", robot).queryParam("limit", 2)
                .get("/admin/contacts").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("x1", "x2"), all.getList("contacts.userId"));
        long next = all.getLong("next");
        JsonPath rest = given().header("Authorization", ADMIN).queryParam("robotSerialNo", robot).queryParam("limit", 2)
                .queryParam("after", next).get("/admin/contacts").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("x3"), rest.getList("contacts.userId"));
        assertNull(rest.get("next"));
        assertNotNull(rest.get("contacts[0].removedAt"), "x3 was removed by the second list");

        assertEquals(List.of("x1", "x3"), given().header("Authorization", ADMIN).queryParam("robotSerialNo", robot)
                .queryParam("q", "smith").get("/admin/contacts").then().statusCode(200).extract().jsonPath()
                .getList("contacts.userId"));
        assertEquals(List.of("x2"), given().header("Authorization", ADMIN).queryParam("robotSerialNo", robot)
                .queryParam("relation", "blocked").get("/admin/contacts").then().statusCode(200).extract().jsonPath()
                .getList("contacts.userId"));
        assertEquals(List.of("x1", "x2"), given().header("Authorization", ADMIN).queryParam("robotSerialNo", robot)
                .queryParam("removed", "false").get("/admin/contacts").then().statusCode(200).extract().jsonPath()
                .getList("contacts.userId"));
        assertEquals(List.of(), given().header("Authorization", ADMIN).queryParam("robotSerialNo", robot)
                .queryParam("q", "%").get("/admin/contacts").then().statusCode(200).extract().jsonPath()
                .getList("contacts.userId"), "q is matched literally");

        given().header("Authorization", ADMIN).queryParam("relation", "enemy").get("/admin/contacts").then().statusCode(400);
        given().header("Authorization", ADMIN).queryParam("limit", 501).get("/admin/contacts").then().statusCode(400);
        given().header("Authorization", ADMIN).queryParam("after", -1).get("/admin/contacts").then().statusCode(400);
        given().get("/admin/contacts").then().statusCode(401);
    }
}
