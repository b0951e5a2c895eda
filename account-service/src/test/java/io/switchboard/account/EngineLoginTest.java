package io.switchboard.account;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.switchboard.common.event.ResultCodes;
import io.switchboard.common.event.Streams;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.MerchantClient.Reply;
import io.switchboard.sim.merchant.OpenApiSigner;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The protocol-aware login (DESIGN §2, §5, issue 7): an engine robot (LINE_WS, CHAT68_WS, IM_HTTP) is stored with
 * its checked engine_url and no device; each protocol takes its own login fields and refuses the others; the
 * command content carries the keys the drivers read (docs/ENGINES.md); engine secrets are encrypted at rest; and
 * the engine robot events (cert issued, PIN required, link changed) reach the robot and the merchant. The test
 * profile runs in local mode, so loopback engines are allowed.
 */
@QuarkusTest
class EngineLoginTest {
    static final String ENGINE = "ws://127.0.0.1:7001/line";
    static final String IM_ENGINE = "http://127.0.0.1:7002/api";
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

    String base;
    JsonPath merchant;
    MerchantClient client;
    String robot;

    @BeforeEach
    void setUp() {
        base = root.toString().replaceAll("/$", "");
        merchant = AccountServiceTest.createMerchant("Engines", "openapi/merchant-a.pub.pem");
        client = new MerchantClient(merchant.getString("merchantId"), merchant.getString("appId"),
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-a.key.pem")));
        robot = "engine-robot-" + Ids.random("", 6);
    }

    /** The least each protocol's login needs; {@code extra} adds fields, and a {@code null} value removes one. */
    Reply login(String protocol, String engineUrl, Map<String, Object> extra) {
        Map<String, Object> data = new HashMap<>(Map.of("vcRobotSerialNo", robot, "protocol", protocol));
        switch (protocol) {
            case "LINE_WS" -> data.putAll(Map.of("email", "robot@example.com", "password", "ENGINE-PW-1"));
            case "IM_HTTP" -> data.put("password", "IM-PW-1");
            case "LINE_DEVICE" -> data.put("phone", "8613800000001");
            default -> { }
        }
        if (engineUrl != null) {
            data.put("engine_url", engineUrl);
        }
        data.putAll(extra);
        data.values().removeIf(v -> v == null);
        return client.call(base, "login", data);
    }

    static Map<String, Object> with(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    JsonNode command(String serialNo) throws Exception {
        String payload = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                        "select payload from outbox_event where stream = ?1 and payload like ?2")
                .setParameter(1, Streams.COMMANDS).setParameter(2, "%" + serialNo + "%").getSingleResult());
        return json.readTree(payload);
    }

    /** The login command's decrypted content: what the driver reads. */
    JsonNode content(String serialNo) throws Exception {
        JsonNode cmd = command(serialNo);
        return json.readTree(cipher.decrypt(cmd.path("data").path("contentEnc").asText(),
                SecretContexts.commandContent(serialNo)));
    }

    Object[] robotRow() {
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select protocol, engine_url, device_no, state from robot where robot_serial_no = ?1")
                .setParameter(1, robot).getResultList());
        return rows.isEmpty() ? null : (Object[]) rows.get(0);
    }

    /** The robot's secret columns as stored (ciphertexts), by column name. */
    Map<String, String> secretColumns() {
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                        "select email, password_enc, cert_enc, auth_token_enc, proxy_enc, socks5_enc from robot "
                                + "where robot_serial_no = ?1")
                .setParameter(1, robot).getSingleResult());
        Map<String, String> out = new HashMap<>();
        String[] names = {"email", "password_enc", "cert_enc", "auth_token_enc", "proxy_enc", "socks5_enc"};
        for (int i = 0; i < names.length; i++) {
            out.put(names[i], (String) row[i]);
        }
        return out;
    }

    /** What callback-service would put on sb:robot-events. */
    EventEnvelope robotEvent(String type, String serialNo, ObjectNode data) throws Exception {
        EventEnvelope e = EventEnvelope.create(type, merchant.getString("merchantId"), robot, serialNo,
                "callback-service", data);
        redis.stream(String.class).xadd(Streams.ROBOT_EVENTS, Map.of(Streams.FIELD_ID, e.id(),
                Streams.FIELD_EVENT, json.writeValueAsString(e)));
        return e;
    }

    void awaitProcessed(EventEnvelope e) {
        RobotLifecycleTest.await("event " + e.type() + " processed", () -> QuarkusTransaction.requiringNew()
                .call(() -> ((Number) em.createNativeQuery("select count(*) from processed_event where event_id = ?1")
                        .setParameter(1, UUID.fromString(e.id())).getSingleResult()).intValue()) == 1);
    }

    JsonNode getRobot() {
        return client.call(base, "getRobot", Map.of("vcRobotSerialNo", robot)).data();
    }

    @SuppressWarnings("unchecked")
    List<JsonNode> webhooks1001() {
        List<String> payloads = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select payload from outbox_event where stream = ?1 and payload like ?2 order by seq")
                .setParameter(1, Streams.MERCHANT_EVENTS).setParameter(2, "%\"" + robot + "\"%").getResultList());
        return payloads.stream().map(p -> {
            try {
                return json.readTree(p);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(n -> n.path("data").path("nType").asInt() == 1001).toList();
    }

    /** Ends the login in progress (as a failed one), so the robot may log in again. */
    void failLogin(String serialNo) throws Exception {
        awaitProcessed(robotEvent(EventTypes.ROBOT_LOGIN_FAILED, serialNo, json.createObjectNode().put("reason", "x")));
        assertEquals(1, ((Number) robotRow()[3]).intValue(), "offline after the failed login");
    }

    @Test
    void lineWsLoginStoresTheEngineAndPublishesItWithoutADevice() throws Exception {
        Reply r = login("LINE_WS", ENGINE, Map.of());
        assertTrue(r.success(), r.body()::toString);
        assertEquals(4, r.data().path("nState").asInt());
        assertTrue(r.data().path("deviceNo").isNull(), "no device is picked for an engine robot: " + r.body());

        Object[] row = robotRow();
        assertEquals("LINE_WS", row[0]);
        assertEquals(ENGINE, row[1], "engine_url is stored on the robot");
        assertEquals(null, row[2], "no device");
        assertEquals((short) 4, ((Number) row[3]).shortValue());

        JsonNode cmd = command(r.serialNo());
        assertEquals(EventTypes.COMMAND_REQUESTED, cmd.path("type").asText());
        assertEquals("login", cmd.path("data").path("operation").asText());
        assertEquals("LINE_WS", cmd.path("data").path("protocol").asText());
        assertEquals(ENGINE, cmd.path("data").path("engineUrl").asText(), "the command carries the engine");
        assertTrue(cmd.path("data").path("deviceNo").isNull(), "and no device: " + cmd);

        JsonNode view = getRobot();
        assertEquals("LINE_WS", view.path("protocol").asText());
        assertEquals(ENGINE, view.path("engineUrl").asText(), "getRobot shows the engine");
        assertTrue(view.has("link") && view.get("link").isNull(), "no link report yet: " + view);
        JsonNode listed = client.call(base, "listRobots", Map.of()).data().path("robots").get(0);
        assertEquals(ENGINE, listed.path("engineUrl").asText(), "listRobots shows it too");
    }

    @Test
    void lineWsEmailLoginCarriesTheDriverKeysAndKeepsTheSecretsEncrypted() throws Exception {
        Reply r = login("LINE_WS", ENGINE, with("cert", "CERT-SECRET-3", "proxy", Map.of("type", "http",
                "server", "proxy.example", "port", "3128", "username", "pu", "password", "PROXY-SECRET-4")));
        assertTrue(r.success(), r.body()::toString);

        JsonNode c = content(r.serialNo());
        assertEquals("robot@example.com", c.path("email").asText());
        assertEquals("ENGINE-PW-1", c.path("password").asText());
        assertEquals("CERT-SECRET-3", c.path("cert").asText());
        assertTrue(c.path("authToken").isNull(), c::toString);
        JsonNode proxy = c.path("proxy");
        assertEquals("http", proxy.path("type").asText());
        assertEquals("proxy.example", proxy.path("server").asText());
        assertTrue(proxy.path("port").isInt(), "the proxy port as a number: " + proxy);
        assertEquals(3128, proxy.path("port").asInt());
        assertEquals("pu", proxy.path("username").asText());
        assertEquals("PROXY-SECRET-4", proxy.path("password").asText());
        // The keys LINE_DEVICE reads stay in the content, empty for an engine login.
        for (String key : List.of("username", "cacheInfo", "isCacheLogin", "countryCode", "phone", "loginType", "socks5")) {
            assertTrue(c.has(key), "content keeps " + key + ": " + c);
        }
        assertTrue(c.path("socks5").isNull() && c.path("cacheInfo").isNull() && c.path("phone").isNull(), c::toString);

        Map<String, String> row = secretColumns();
        assertEquals("robot@example.com", row.get("email"), "the e-mail is an identifier, stored as is");
        assertSealed(row.get("password_enc"), "ENGINE-PW-1", SecretContexts.robotPassword(robot));
        assertSealed(row.get("cert_enc"), "CERT-SECRET-3", SecretContexts.robotCert(robot));
        assertEquals("PROXY-SECRET-4", json.readTree(open(row.get("proxy_enc"), SecretContexts.robotProxy(robot)))
                .path("password").asText());
        assertFalse(row.get("proxy_enc").contains("proxy.example"), "the proxy is stored encrypted as a whole");
        assertNull(row.get("auth_token_enc"));
    }

    @Test
    void lineWsTokenLoginTurnsSocks5IntoTheProxy() throws Exception {
        Reply r = login("LINE_WS", ENGINE, with("email", null, "password", null, "phone", "+8613800000002",
                "auth_token", "TOKEN-SECRET-5", "socks5", Map.of("ip", "gate.example", "port", 2083, "user", "su")));
        assertTrue(r.success(), r.body()::toString);
        JsonNode c = content(r.serialNo());
        assertEquals("+8613800000002", c.path("phone").asText());
        assertEquals("TOKEN-SECRET-5", c.path("authToken").asText());
        assertTrue(c.path("email").isNull() && c.path("cert").isNull() && c.path("password").isNull(), c::toString);
        JsonNode proxy = c.path("proxy");
        assertEquals("socks5", proxy.path("type").asText());
        assertEquals("gate.example", proxy.path("server").asText());
        assertEquals(2083, proxy.path("port").asInt());
        assertEquals("su", proxy.path("username").asText());
        assertTrue(proxy.path("password").isNull(), proxy::toString);
        assertTrue(c.path("socks5").isNull(), "LINE_WS drivers read proxy only: " + c);

        Map<String, String> row = secretColumns();
        assertSealed(row.get("auth_token_enc"), "TOKEN-SECRET-5", SecretContexts.robotAuthToken(robot));
        assertEquals("gate.example", json.readTree(open(row.get("proxy_enc"), SecretContexts.robotProxy(robot)))
                .path("server").asText());
    }

    @Test
    void chat68AndImHttpLoginsTakeTheirFields() throws Exception {
        Reply chat = login("CHAT68_WS", "wss://127.0.0.1:7003/ws", Map.of());
        assertTrue(chat.success(), chat.body()::toString);
        JsonNode c = content(chat.serialNo());
        for (String key : List.of("email", "cert", "authToken", "proxy", "password", "phone", "socks5")) {
            assertTrue(c.has(key) && c.get(key).isNull(), key + " is empty for CHAT68_WS: " + c);
        }

        robot = "engine-robot-" + Ids.random("", 6);
        Reply im = login("IM_HTTP", IM_ENGINE, Map.of());
        assertTrue(im.success(), im.body()::toString);
        assertEquals(IM_ENGINE, command(im.serialNo()).path("data").path("engineUrl").asText());
        assertEquals("IM-PW-1", content(im.serialNo()).path("password").asText());
        assertSealed(secretColumns().get("password_enc"), "IM-PW-1", SecretContexts.robotPassword(robot));

        // An SMS code is a LINE device's step: an engine robot's login never asks for one (docs/PROTOCOLS.md).
        assertRefused(client.call(base, "submitPhoneCode", Map.of("vcRobotSerialNo", robot, "code", "3533")), 40011,
                "submitPhoneCode is not supported by protocol IM_HTTP");
    }

    void assertSealed(String stored, String plaintext, String context) {
        assertTrue(stored != null && stored.startsWith("v1:"), "a ciphertext: " + stored);
        assertFalse(stored.contains(plaintext), "no plaintext at rest");
        assertEquals(plaintext, open(stored, context));
    }

    String open(String stored, String context) {
        return cipher.decrypt(stored, context);
    }

    @Test
    void eachProtocolRefusesWhatItDoesNotTakeAndNamesWhatIsMissing() {
        // LINE_WS: one of the two credential pairs, complete, never both.
        assertRefused(login("LINE_WS", ENGINE, with("email", null, "password", null)), 40002,
                "data.email and data.password, or data.phone and data.auth_token, are required");
        assertRefused(login("LINE_WS", ENGINE, with("password", null)), 40002, "data.password (LINE_WS email login");
        assertRefused(login("LINE_WS", ENGINE, with("email", null)), 40002, "data.email (LINE_WS email login");
        assertRefused(login("LINE_WS", ENGINE, with("email", null, "password", null, "cert", "c")), 40002,
                "data.email (LINE_WS email login");
        assertRefused(login("LINE_WS", ENGINE, with("email", null, "password", null, "phone", "8613800000001")), 40002,
                "data.auth_token (LINE_WS token login");
        assertRefused(login("LINE_WS", ENGINE, with("email", null, "password", null, "auth_token", "t")), 40002,
                "data.phone (LINE_WS token login");
        assertRefused(login("LINE_WS", ENGINE, with("auth_token", "t")), 40001,
                "data.email, data.password and data.auth_token cannot be combined");
        // The proxy: one shape at a time; socks5 takes no password (seed 002); bounded fields.
        Map<String, Object> socks = Map.of("type", "socks5", "server", "p.example", "port", 1080);
        assertRefused(login("LINE_WS", ENGINE, with("proxy", socks, "socks5", Map.of("ip", "g", "port", 1))), 40001,
                "data.proxy and data.socks5 cannot both be given");
        Map<String, Object> socksWithPassword = new HashMap<>(socks);
        socksWithPassword.put("password", "pw");
        assertRefused(login("LINE_WS", ENGINE, with("proxy", socksWithPassword)), 40001,
                "data.proxy.password is not allowed with type socks5");
        assertRefused(login("LINE_WS", ENGINE, with("socks5", Map.of("ip", "g", "port", 1, "pwd", "pw"))), 40001,
                "data.socks5.pwd is not allowed for LINE_WS");
        assertRefused(login("LINE_WS", ENGINE, with("proxy", Map.of("type", "ftp", "server", "p", "port", 1))), 40001,
                "data.proxy.type must be socks5 or http");
        assertRefused(login("LINE_WS", ENGINE, with("proxy", Map.of("type", "http", "server", "p"))), 40002,
                "data.proxy.port is required");
        assertRefused(login("LINE_WS", ENGINE, with("proxy", Map.of("type", "http", "server", "a b", "port", 1))), 40001,
                "data.proxy.server must be a host name or an IP address");
        assertRefused(login("LINE_WS", ENGINE, with("email", "not-an-address")), 40001,
                "data.email must be an e-mail address");
        assertRefused(login("LINE_WS", ENGINE, with("cert", "c".repeat(4097))), 40001,
                "data.cert must be at most 4096 characters");
        assertRefused(login("LINE_WS", ENGINE, with("email", null, "password", null, "phone", "8613800000001",
                "auth_token", "t".repeat(4097))), 40001, "data.auth_token must be at most 4096 characters");
        for (String field : List.of("username", "cache_info", "country_code", "login_type", "is_cache_login")) {
            Object value = field.equals("is_cache_login") ? "false" : field.equals("login_type") ? "0"
                    : field.equals("country_code") ? "86" : "x";
            assertRefused(login("LINE_WS", ENGINE, with(field, value)), 40001,
                    "data." + field + " does not apply to LINE_WS robots");
        }
        // CHAT68_WS: the engine is already logged in; engine_url is all.
        for (String field : List.of("password", "email", "phone", "auth_token", "cert")) {
            Object value = field.equals("phone") ? "8613800000001" : field.equals("email") ? "a@example.com" : "x";
            assertRefused(login("CHAT68_WS", ENGINE, with(field, value)), 40001,
                    "data." + field + " does not apply to CHAT68_WS robots");
        }
        assertRefused(login("CHAT68_WS", ENGINE, with("proxy", socks)), 40001, "data.proxy does not apply to CHAT68_WS");
        assertRefused(login("CHAT68_WS", ENGINE, with("socks5", Map.of("ip", "g", "port", 1))), 40001,
                "data.socks5 does not apply to CHAT68_WS");
        // IM_HTTP: the app's login password.
        assertRefused(login("IM_HTTP", IM_ENGINE, with("password", null)), 40002,
                "data.password (the IM app's login password");
        for (String field : List.of("email", "auth_token", "username", "phone")) {
            Object value = field.equals("phone") ? "8613800000001" : field.equals("email") ? "a@example.com" : "x";
            assertRefused(login("IM_HTTP", IM_ENGINE, with(field, value)), 40001,
                    "data." + field + " does not apply to IM_HTTP robots");
        }
        // LINE_DEVICE: unchanged, and the engine fields are not its own.
        assertRefused(login("LINE_DEVICE", null, with("email", "a@example.com")), 40001,
                "data.email does not apply to LINE_DEVICE robots");
        assertRefused(login("LINE_DEVICE", null, with("cert", "c")), 40001, "data.cert does not apply to LINE_DEVICE");
        assertRefused(login("LINE_DEVICE", null, with("auth_token", "t")), 40001,
                "data.auth_token does not apply to LINE_DEVICE");
        assertRefused(login("LINE_DEVICE", null, with("proxy", socks)), 40001, "data.proxy does not apply to LINE_DEVICE");
        assertEquals(null, robotRow(), "no robot was created by any refused login");
    }

    @Test
    void aCertIssuedByTheEngineIsReusedByTheNextLoginOfTheSameEmail() throws Exception {
        Reply first = login("LINE_WS", ENGINE, Map.of());
        assertTrue(first.success(), first.body()::toString);
        assertTrue(content(first.serialNo()).path("cert").isNull(), "a first login has no cert");

        String issued = cipher.encrypt("ISSUED-CERT-6", SecretContexts.robotCert(robot));
        awaitProcessed(robotEvent(EventTypes.ROBOT_CERT_ISSUED, first.serialNo(), json.createObjectNode()
                .put("certEnc", issued)));
        assertEquals(issued, secretColumns().get("cert_enc"), "the ciphertext is stored as callback-service sealed it");
        // A cert sealed for another robot does not open here: refused, the stored one kept.
        awaitProcessed(robotEvent(EventTypes.ROBOT_CERT_ISSUED, null, json.createObjectNode()
                .put("certEnc", cipher.encrypt("FOREIGN", SecretContexts.robotCert("another-robot")))));
        assertEquals(issued, secretColumns().get("cert_enc"));
        failLogin(first.serialNo());

        Reply second = login("LINE_WS", ENGINE, Map.of());
        assertTrue(second.success(), second.body()::toString);
        assertEquals("ISSUED-CERT-6", content(second.serialNo()).path("cert").asText(), "the stored cert is reused");
        failLogin(second.serialNo());

        // Another LINE account on the same robot: the old account's cert is not sent, and is dropped.
        Reply other = login("LINE_WS", ENGINE, with("email", "other@example.com"));
        assertTrue(other.success(), other.body()::toString);
        assertTrue(content(other.serialNo()).path("cert").isNull(), "no cert for another e-mail");
        assertNull(secretColumns().get("cert_enc"));
    }

    @Test
    void aPinRequestReachesTheMerchantAs1001WithCode11() throws Exception {
        Reply r = login("LINE_WS", ENGINE, Map.of());
        // A PIN for a login other than the one in progress changes nothing.
        awaitProcessed(robotEvent(EventTypes.ROBOT_LOGIN_PIN_REQUIRED, "stale-login",
                json.createObjectNode().put("pin", "000000")));
        assertEquals(0, webhooks1001().size());

        awaitProcessed(robotEvent(EventTypes.ROBOT_LOGIN_PIN_REQUIRED, r.serialNo(),
                json.createObjectNode().put("pin", "482913")));
        List<JsonNode> hooks = webhooks1001();
        assertEquals(1, hooks.size(), hooks::toString);
        JsonNode n = hooks.get(0);
        assertEquals(r.serialNo(), n.path("serialNo").asText(), "it carries the login's vcSerialNo");
        assertEquals(ResultCodes.PIN_REQUIRED, n.path("data").path("nResultCode").asInt());
        assertTrue(n.path("data").path("vcResultMsg").asText().contains("type the PIN"), n::toString);
        assertEquals("482913", n.path("data").path("data").path("pin").asText());
        assertEquals(4, getRobot().path("nState").asInt(), "still logging in: the PIN is typed, the result follows");
    }

    @Test
    void theLatestLinkReportIsShownAndAnOlderOneIgnored() throws Exception {
        Reply r = login("LINE_WS", ENGINE + "?token=QUERY-SECRET-7", Map.of());
        assertTrue(r.success(), r.body()::toString);
        assertEquals(ENGINE + "?token=QUERY-SECRET-7", command(r.serialNo()).path("data").path("engineUrl").asText(),
                "the driver gets the whole URL");
        assertEquals(ENGINE, getRobot().path("engineUrl").asText(), "views never show the query string");

        long t0 = System.currentTimeMillis();
        awaitProcessed(robotEvent(EventTypes.ROBOT_LINK_CHANGED, null, json.createObjectNode().put("protocol", "LINE_WS")
                .put("state", "RECONNECTING").put("since", t0).put("lastError", "connection refused")));
        JsonNode link = getRobot().path("link");
        assertEquals("RECONNECTING", link.path("state").asText(), link::toString);
        assertEquals(t0, link.path("since").asLong());
        assertEquals("connection refused", link.path("lastError").asText());

        awaitProcessed(robotEvent(EventTypes.ROBOT_LINK_CHANGED, null, json.createObjectNode().put("protocol", "LINE_WS")
                .put("state", "CONNECTED").put("since", t0 + 5000).putNull("lastError")));
        // Delivered late: a report from before the stored one.
        awaitProcessed(robotEvent(EventTypes.ROBOT_LINK_CHANGED, null, json.createObjectNode().put("protocol", "LINE_WS")
                .put("state", "RECONNECTING").put("since", t0 + 1000).put("lastError", "stale")));
        // Not a link state, and a report about another protocol's link: ignored.
        awaitProcessed(robotEvent(EventTypes.ROBOT_LINK_CHANGED, null, json.createObjectNode().put("protocol", "LINE_WS")
                .put("state", "HALF_OPEN").put("since", t0 + 9000)));
        awaitProcessed(robotEvent(EventTypes.ROBOT_LINK_CHANGED, null, json.createObjectNode().put("protocol", "IM_HTTP")
                .put("state", "DISCONNECTED").put("since", t0 + 9000)));
        link = getRobot().path("link");
        assertEquals("CONNECTED", link.path("state").asText(), link::toString);
        assertEquals(t0 + 5000, link.path("since").asLong());
        assertTrue(link.path("lastError").isNull(), link::toString);

        JsonNode listed = client.call(base, "listRobots", Map.of()).data().path("robots").get(0);
        assertEquals("CONNECTED", listed.path("link").path("state").asText(), "listRobots shows the link too");
        assertEquals(ENGINE, listed.path("engineUrl").asText());
        JsonPath admin = given().header("Authorization", ADMIN).get("/admin/robots/" + robot).then().statusCode(200)
                .extract().jsonPath();
        assertEquals("CONNECTED", admin.getString("robot.link.state"));
        assertEquals(ENGINE, admin.getString("robot.engineUrl"));
        assertFalse(admin.prettify().contains("QUERY-SECRET-7"), "the admin view hides the query string too");
    }

    @Test
    void viewsStripCredentialsFromAStoredEngineUrl() {
        assertTrue(login("LINE_WS", ENGINE, Map.of()).success());
        // Login refuses user-info; a row written another way (an older release, by hand) must still not show it.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "update robot set engine_url = ?1 where robot_serial_no = ?2")
                .setParameter(1, "wss://user:USERINFO-SECRET@127.0.0.1:7001/line?t=1#frag").setParameter(2, robot)
                .executeUpdate());
        assertEquals("wss://127.0.0.1:7001/line", getRobot().path("engineUrl").asText());
    }

    @Test
    void unsupportedProtocolFailureReachesTheMerchantAs1001() throws Exception {
        Reply r = login("IM_HTTP", IM_ENGINE, Map.of());
        assertTrue(r.success(), r.body()::toString);
        assertEquals(IM_ENGINE, command(r.serialNo()).path("data").path("engineUrl").asText());
        // What callback-service's CommandConsumer publishes for a protocol it has no driver for.
        robotEvent(EventTypes.COMMAND_FAILED, r.serialNo(), json.createObjectNode().put("operation", "login")
                .put("reason", "protocol IM_HTTP is not supported yet"));
        RobotLifecycleTest.await("robot offline after the refused command",
                () -> ((Number) robotRow()[3]).intValue() == 1);
        RobotLifecycleTest.await("webhook 1001 with a non-zero result", () -> webhooks1001().stream()
                .anyMatch(n -> n.path("data").path("nResultCode").asInt() != 0
                        && n.toString().contains("protocol IM_HTTP is not supported yet")));
    }

    @Test
    void badEngineUrlsAreRefusedAndNothingIsStored() {
        assertRefused(login("LINE_WS", null, Map.of()), 40002, "data.engine_url");
        assertRefused(login("CHAT68_WS", "", Map.of()), 40002, "data.engine_url");
        assertRefused(login("IM_HTTP", "http://169.254.169.254/latest/meta-data", Map.of()), 40001, "link-local");
        assertRefused(login("LINE_WS", "ws://169.254.169.254/", Map.of()), 40001, "link-local");
        assertRefused(login("LINE_WS", "ws://10.0.0.5:7001/", Map.of()), 40001, "private");
        assertRefused(login("LINE_WS", "ws://user:pw@127.0.0.1:7001/", Map.of()), 40001, "credentials");
        assertRefused(login("LINE_WS", "http://127.0.0.1:7001/", Map.of()), 40001, "ws:// or wss://");
        assertRefused(login("CHAT68_WS", "https://127.0.0.1:7001/", Map.of()), 40001, "ws:// or wss://");
        assertRefused(login("IM_HTTP", "wss://127.0.0.1:7001/", Map.of()), 40001, "http:// or https://");
        assertRefused(login("LINE_WS", "ws://127.0.0.1:7001/\u0000", Map.of()), 40010, "control character U+0000");
        assertRefused(login("LINE_WS", "ws://127.0.0.1:7001/#frag", Map.of()), 40001, "fragment");
        assertRefused(login("LINE_WS", "ws:///nohost", Map.of()), 40001, "no host");
        assertRefused(login("LINE_WS", ENGINE, Map.of("device_no", "dev-1")), 40001, "data.device_no is for LINE_DEVICE");
        assertRefused(login("LINE_DEVICE", ENGINE, Map.of()), 40001, "data.engine_url is for the engine protocols");
        assertEquals(null, robotRow(), "no robot was created by any refused login");
        assertFalse(client.call(base, "getRobot", Map.of("vcRobotSerialNo", robot)).success());
    }

    static void assertRefused(Reply r, int code, String messagePart) {
        assertEquals(400, r.status(), r.body()::toString);
        assertEquals(code, r.errorCode(), r.body()::toString);
        String message = r.body().path("vcErrorMsg").asText();
        assertTrue(message.contains(messagePart), () -> "'" + message + "' should mention '" + messagePart + "'");
    }
}
