package io.switchboard.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.switchboard.common.client.MerchantChanges;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.MerchantClient.Reply;
import io.switchboard.sim.merchant.OpenApiSigner;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * account-service over HTTP against real PostgreSQL and Redis: merchant admin, the internal look-up, and the
 * signed Open API gate with every refusal it documents (docs/API.md).
 */
@QuarkusTest
class AccountServiceTest {
    static final String ADMIN = "Bearer test-admin-token";
    static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TestHTTPResource("/")
    URL root;
    @Inject
    EntityManager em;
    @Inject
    io.quarkus.redis.datasource.RedisDataSource redis;

    String base;
    JsonPath merchantA;
    JsonPath merchantB;
    MerchantClient clientA;

    static JsonPath createMerchant(String name, String publicKeyFixture) {
        return given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", name, "rsaPublicKey", OpenApiSigner.fixture(publicKeyFixture),
                        "callbackUrl", "http://127.0.0.1:9/hooks"))
                .post("/admin/merchants")
                .then().statusCode(201).extract().jsonPath();
    }

    @BeforeEach
    void merchants() {
        base = root.toString().replaceAll("/$", "");
        merchantA = createMerchant("Merchant A", "openapi/merchant-a.pub.pem");
        merchantB = createMerchant("Merchant B", "openapi/merchant-b.pub.pem");
        clientA = new MerchantClient(merchantA.getString("merchantId"), merchantA.getString("appId"),
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-a.key.pem")));
    }

    Map<String, String> paramsA(String operation, String data) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("app_id", merchantA.getString("appId"));
        p.put("method", "switchboard." + operation);
        p.put("timestamp", ZonedDateTime.now(ZoneId.of("GMT+8")).format(TS));
        p.put("format", "json");
        p.put("charset", "utf-8");
        p.put("sign_type", "RSA2");
        p.put("version", "1.0");
        p.put("merchant_id", merchantA.getString("merchantId"));
        p.put("data", data);
        return p;
    }

    Map<String, String> signed(Map<String, String> p, String keyFixture) {
        p.put("sign", OpenApiSigner.sign(p, "RSA2", OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture(keyFixture))));
        return p;
    }

    Reply form(String operation, Map<String, String> p) {
        return MerchantClient.post(base, operation, "application/x-www-form-urlencoded", OpenApiSigner.formBody(p));
    }

    static void assertError(Reply r, int status, int code) {
        assertEquals(status, r.status(), () -> "status of " + r.body());
        assertEquals("false", r.body().path("vcSuccess").asText());
        assertEquals(code, r.errorCode(), () -> "code of " + r.body());
        assertFalse(r.body().path("vcErrorMsg").asText().isBlank());
        assertEquals(32, r.serialNo().length(), "every answer carries the platform serial");
    }

    void insertRobot(String merchantId, String serial) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "insert into robot (robot_serial_no, merchant_id, protocol, state, phone) values (?1, ?2, 'LINE_DEVICE', 1, '8613800000000')")
                .setParameter(1, serial).setParameter(2, merchantId).executeUpdate());
    }

    // --- admin API -------------------------------------------------------------------------------------------

    @Test
    void adminApiNeedsTheToken() {
        given().get("/admin/merchants").then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        given().header("Authorization", "Bearer wrong").get("/admin/merchants").then().statusCode(401);
        given().header("Authorization", "Bearer test-internal-token").get("/admin/merchants").then().statusCode(401);
    }

    @Test
    void createdMerchantShowsSecretsOnceAndStoresThemEncrypted() {
        assertTrue(merchantA.getString("merchantId").startsWith("mch_"));
        assertTrue(merchantA.getString("appId").length() <= 32);
        assertTrue(merchantA.getString("webhookSecret").startsWith("whsec_"));
        String deviceKey = merchantA.getString("deviceKey");
        String secret = merchantA.getString("webhookSecret");

        given().header("Authorization", ADMIN).get("/admin/merchants/" + merchantA.getString("merchantId"))
                .then().statusCode(200)
                .body("name", equalTo("Merchant A"))
                .body("$", not(hasKey("deviceKey"))).body("$", not(hasKey("webhookSecret")))
                .body(not(containsString(deviceKey)));
        given().header("Authorization", ADMIN).get("/admin/merchants?size=500")
                .then().statusCode(200).body("total", notNullValue()).body(not(containsString(secret)));

        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                        "select device_key_enc, webhook_secret_enc from merchant where merchant_id = ?1")
                .setParameter(1, merchantA.getString("merchantId")).getSingleResult());
        assertTrue(row[0].toString().startsWith("v1:k1:"));
        assertFalse(row[0].toString().contains(deviceKey));
        assertFalse(row[1].toString().contains(secret.substring(6)));
    }

    @Test
    void badMerchantRequestsAreRefusedClearly() {
        String key = OpenApiSigner.fixture("openapi/merchant-a.pub.pem");
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("rsaPublicKey", key, "callbackUrl", "http://127.0.0.1/x"))
                .post("/admin/merchants").then().statusCode(400).body("message", containsString("name"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "rsaPublicKey", "not a key", "callbackUrl", "http://127.0.0.1/x"))
                .post("/admin/merchants").then().statusCode(400).body("message", containsString("rsaPublicKey"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "rsaPublicKey", key, "callbackUrl", "http://10.0.0.5/x"))
                .post("/admin/merchants").then().statusCode(400).body("message", containsString("private"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "rsaPublicKey", key, "callbackUrl", "http://169.254.169.254/latest"))
                .post("/admin/merchants").then().statusCode(400).body("message", containsString("link-local"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"name\":")
                .post("/admin/merchants").then().statusCode(400);
        given().header("Authorization", ADMIN).get("/admin/merchants/mch_nope").then().statusCode(404)
                .body("error", equalTo("NOT_FOUND"));
    }

    @Test
    void disabledMerchantIsRefusedAndCanBeEnabledAgain() {
        String id = merchantA.getString("merchantId");
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("active", false))
                .patch("/admin/merchants/" + id).then().statusCode(200).body("active", equalTo(false));
        assertError(clientA.call(base, "listRobots", Map.of()), 401, 40105);
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("active", true, "name", "Renamed"))
                .patch("/admin/merchants/" + id).then().statusCode(200).body("name", equalTo("Renamed"));
        assertTrue(clientA.call(base, "listRobots", Map.of()).success());
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("callbackUrl", "http://10.1.1.1/x"))
                .patch("/admin/merchants/" + id).then().statusCode(400).body("message", containsString("private"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("rsaPublicKey", "junk"))
                .patch("/admin/merchants/" + id).then().statusCode(400);
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("active", false))
                .patch("/admin/merchants/mch_nope").then().statusCode(404);
        given().header("Authorization", ADMIN).get("/admin/merchants/" + id).then().body("name", equalTo("Renamed"))
                .body("callbackUrl", equalTo("http://127.0.0.1:9/hooks"));
    }

    @Test
    void everyMerchantChangeIsAnnouncedToTheOtherReplicasAfterCommit() throws Exception {
        String id = merchantA.getString("merchantId");
        String appId = merchantA.getString("appId");
        List<String> heard = new CopyOnWriteArrayList<>();
        var subscriber = redis.pubsub(String.class).subscribe(MerchantChanges.CHANNEL, heard::add);
        try {
            java.util.function.IntSupplier mine = () -> (int) heard.stream()
                    .filter(m -> m.contains("\"" + id + "\"") && m.contains("\"" + appId + "\"")).count();
            // Refused, so rolled back: nothing is announced (the next change is the first one heard).
            given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("rsaPublicKey", "junk"))
                    .patch("/admin/merchants/" + id).then().statusCode(400);
            given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("active", false))
                    .patch("/admin/merchants/" + id).then().statusCode(200);
            Awaitility.await("disable announced").atMost(Duration.ofSeconds(10)).until(() -> mine.getAsInt() >= 1);
            assertEquals(1, mine.getAsInt(), "only the committed change: " + heard);
            given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                    .body(Map.of("rsaPublicKey", OpenApiSigner.fixture("openapi/merchant-a.pub.pem")))
                    .patch("/admin/merchants/" + id).then().statusCode(200);
            Awaitility.await("key change announced").atMost(Duration.ofSeconds(10)).until(() -> mine.getAsInt() == 2);
            given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("graceSeconds", 0))
                    .post("/admin/merchants/" + id + "/webhook-secret/rotate").then().statusCode(200);
            Awaitility.await("secret rotation announced").atMost(Duration.ofSeconds(10)).until(() -> mine.getAsInt() == 3);
        } finally {
            subscriber.unsubscribe();
        }
    }

    @Test
    void aChangeMadeByAnotherReplicaIsSeenAsSoonAsItIsAnnounced() throws Exception {
        String id = merchantA.getString("merchantId");
        String appId = merchantA.getString("appId");
        assertTrue(clientA.call(base, "listRobots", Map.of()).success(), "the merchant's key is now cached here");
        // Another replica disables the merchant: the row changes, this replica hears of it only through Redis.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update merchant set active = false where merchant_id = ?1").setParameter(1, id).executeUpdate());
        assertTrue(clientA.call(base, "listRobots", Map.of()).success(), "still cached: nothing was announced yet");
        redis.pubsub(String.class).publish(MerchantChanges.CHANNEL,
                "{\"merchantId\":\"" + id + "\",\"appId\":\"" + appId + "\",\"all\":false}");
        // Well within the cache's fresh time (30 s): the message, not the expiry, made the difference.
        Awaitility.await("refused once announced").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> clientA.call(base, "listRobots", Map.of()).status() == 401);
        assertError(clientA.call(base, "listRobots", Map.of()), 401, 40105);
    }

    @Test
    void rotatedWebhookSecretSignsAlongsideThePreviousOneDuringGrace() {
        String id = merchantA.getString("merchantId");
        String old = merchantA.getString("webhookSecret");
        String fresh = given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("graceSeconds", 3600))
                .post("/admin/merchants/" + id + "/webhook-secret/rotate").then().statusCode(200)
                .body("previousValidUntil", notNullValue()).extract().path("webhookSecret");
        assertTrue(fresh.startsWith("whsec_"));
        List<String> secrets = given().header("Authorization", "Bearer test-internal-token")
                .get("/internal/merchants/" + id + "/webhook").then().statusCode(200).extract().jsonPath().getList("secrets");
        assertEquals(List.of(fresh, old), secrets);
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("graceSeconds", 0))
                .post("/admin/merchants/" + id + "/webhook-secret/rotate").then().statusCode(200);
        assertEquals(1, given().header("Authorization", "Bearer test-internal-token")
                .get("/internal/merchants/" + id + "/webhook").then().extract().jsonPath().getList("secrets").size());
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("graceSeconds", 999_999_999))
                .post("/admin/merchants/" + id + "/webhook-secret/rotate").then().statusCode(400);
    }

    @Test
    void internalLookupNeedsTheInternalToken() {
        String appId = merchantA.getString("appId");
        given().get("/internal/merchants/by-app/" + appId).then().statusCode(401);
        given().header("Authorization", "Bearer test-internal-token").get("/internal/merchants/by-app/" + appId)
                .then().statusCode(200).body("merchantId", equalTo(merchantA.getString("merchantId")))
                .body("rsaPublicKey", startsWith("-----BEGIN PUBLIC KEY-----")).body("active", equalTo(true));
        given().header("Authorization", "Bearer test-internal-token").get("/internal/merchants/by-app/app_nope")
                .then().statusCode(404);
        // A NUL in the path is refused by the request filter (40010) and never reaches PostgreSQL (it was a 500); a
        // key that cannot name anything is simply not found.
        given().header("Authorization", "Bearer test-internal-token").urlEncodingEnabled(false)
                .get("/internal/merchants/by-app/app%00x").then().statusCode(400).body("code", equalTo(40010));
        given().header("Authorization", "Bearer test-internal-token").urlEncodingEnabled(false)
                .get("/internal/merchants/mch%00x/webhook").then().statusCode(400).body("code", equalTo(40010));
        given().header("Authorization", "Bearer test-internal-token").urlEncodingEnabled(false)
                .get("/internal/robots/r%00x").then().statusCode(400).body("code", equalTo(40010));
        given().header("Authorization", "Bearer test-internal-token")
                .get("/internal/merchants/by-app/" + "a".repeat(300)).then().statusCode(404);
        given().header("Authorization", "Bearer test-internal-token")
                .get("/internal/robots/" + "r".repeat(300)).then().statusCode(404);
        given().header("Authorization", "Bearer test-internal-token")
                .get("/internal/devices/" + "d".repeat(300)).then().statusCode(404);
    }

    // --- the signed gate ---------------------------------------------------------------------------------------

    @Test
    void requestSignedByOpensslIsAccepted() throws Exception {
        Map<String, String> p = paramsA("listRobots", "{\"page\":\"1\"}");
        String content = OpenApiSigner.contentToSign(p);
        Path key = Files.createTempFile("merchant-a", ".pem");
        Files.writeString(key, OpenApiSigner.fixture("openapi/merchant-a.key.pem"));
        ProcessBuilder pb = new ProcessBuilder("sh", "-c",
                "printf '%s' \"$CONTENT\" | openssl dgst -sha256 -sign \"$KEY\" | openssl base64 -A");
        pb.environment().put("CONTENT", content);
        pb.environment().put("KEY", key.toString());
        Process openssl = pb.start();
        String sign = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, openssl.waitFor());
        Files.delete(key);
        p.put("sign", sign);

        Reply r = form("listRobots", p);
        assertEquals(200, r.status(), () -> r.body().toString());
        assertTrue(r.success());
        assertEquals(0, r.errorCode());
        assertEquals(0, r.data().path("total").asInt());
        assertTrue(r.data().path("robots").isArray());
    }

    @Test
    void jsonBodyAndSeedSpellingAreAccepted() {
        Map<String, String> p = paramsA("listRobots", "{}");
        p.remove("merchant_id");
        p.put("Merchantid", merchantA.getString("merchantId"));
        signed(p, "openapi/merchant-a.key.pem");
        Reply r = MerchantClient.post(base, "listRobots", "application/json", toJson(p));
        assertEquals(200, r.status(), () -> r.body().toString());
        assertTrue(r.success());
    }

    static String toJson(Map<String, String> p) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(p);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void listAndGetRobotsShowOnlyTheCallersRobots() {
        String mine = "robot-" + merchantA.getString("merchantId");
        String theirs = "robot-" + merchantB.getString("merchantId");
        insertRobot(merchantA.getString("merchantId"), mine);
        insertRobot(merchantB.getString("merchantId"), theirs);

        long beat = 1_790_000_000_000L;
        redis.sortedSet(String.class).zadd(io.switchboard.common.event.Presence.ROBOTS, beat, mine);
        Reply list = clientA.call(base, "listRobots", Map.of("pageSize", "10"));
        assertEquals(1, list.data().path("total").asInt());
        assertEquals(mine, list.data().path("robots").get(0).path("vcRobotSerialNo").asText());
        assertEquals(beat, list.data().path("robots").get(0).path("lastHeartbeat").asLong(), "heartbeat from Redis");

        Reply got = clientA.call(base, "getRobot", Map.of("vcRobotSerialNo", mine));
        assertTrue(got.success());
        assertEquals(1, got.data().path("nState").asInt());
        assertEquals("offline", got.data().path("vcState").asText());
        assertEquals("LINE_DEVICE", got.data().path("protocol").asText());
        assertEquals(beat, got.data().path("lastHeartbeat").asLong());

        assertError(clientA.call(base, "getRobot", Map.of("vcRobotSerialNo", theirs)), 403, 40301);
        assertError(clientA.call(base, "getRobot", Map.of("vcRobotSerialNo", "no-such-robot")), 404, 40403);
        assertError(clientA.call(base, "getRobot", Map.of()), 400, 40002);
        assertError(clientA.call(base, "listRobots", Map.of("pageSize", "1000")), 400, 40001);
        assertError(clientA.call(base, "getRobot", Map.of("vcRobotSerialNo", mine,
                "vcMerchantNo", merchantB.getString("merchantId"))), 403, 40302);
    }

    @Test
    void tamperedDataFailsTheSignature() {
        Map<String, String> p = signed(paramsA("listRobots", "{\"page\":\"1\"}"), "openapi/merchant-a.key.pem");
        p.put("data", "{\"page\":\"2\"}");
        assertError(form("listRobots", p), 401, 40101);
    }

    @Test
    void anotherMerchantsKeyFailsTheSignature() {
        assertError(form("listRobots", signed(paramsA("listRobots", "{}"), "openapi/merchant-b.key.pem")), 401, 40101);
    }

    @Test
    void staleOrFutureTimestampIsRefused() {
        Map<String, String> p = paramsA("listRobots", "{}");
        p.put("timestamp", ZonedDateTime.now(ZoneId.of("GMT+8")).minusSeconds(301).format(TS));
        assertError(form("listRobots", signed(p, "openapi/merchant-a.key.pem")), 401, 40102);
        Map<String, String> q = paramsA("listRobots", "{}");
        q.put("timestamp", ZonedDateTime.now(ZoneId.of("GMT+8")).plusSeconds(400).format(TS));
        assertError(form("listRobots", signed(q, "openapi/merchant-a.key.pem")), 401, 40102);
        Map<String, String> r = paramsA("listRobots", "{}");
        r.put("timestamp", "2026/01/01 00:00:00");
        assertError(form("listRobots", signed(r, "openapi/merchant-a.key.pem")), 400, 40006);
    }

    @Test
    void replayIsRefused() {
        Map<String, String> p = signed(paramsA("listRobots", "{}"), "openapi/merchant-a.key.pem");
        assertEquals(200, form("listRobots", p).status());
        assertError(form("listRobots", p), 409, 40901);
        // The same signature spelt differently (line breaks, no padding) is still the same request.
        String sign = p.get("sign");
        p.put("sign", sign.substring(0, 40) + "\n" + sign.substring(40).replace("=", ""));
        assertError(form("listRobots", p), 409, 40901);
    }

    @Test
    void unknownAppIdIsRefused() {
        Map<String, String> p = paramsA("listRobots", "{}");
        p.put("app_id", "app_000000000000000000000000");
        assertError(form("listRobots", signed(p, "openapi/merchant-a.key.pem")), 401, 40103);
    }

    @Test
    void merchantIdOfAnotherMerchantIsRefused() {
        Map<String, String> p = paramsA("listRobots", "{}");
        p.put("merchant_id", merchantB.getString("merchantId"));
        assertError(form("listRobots", signed(p, "openapi/merchant-a.key.pem")), 401, 40104);
    }

    @Test
    void wrongMethodIsRefused() {
        Map<String, String> p = paramsA("listRobots", "{}");
        p.put("method", "switchboard.getRobot");
        assertError(form("listRobots", signed(p, "openapi/merchant-a.key.pem")), 400, 40004);
        Map<String, String> q = paramsA("listRobots", "{}");
        q.put("method", "listRobots");
        assertError(form("listRobots", signed(q, "openapi/merchant-a.key.pem")), 400, 40004);
    }

    @Test
    void missingOrUnsupportedParametersAreRefused() {
        Map<String, String> p = paramsA("listRobots", "{}");
        p.remove("app_id");
        assertError(form("listRobots", signed(p, "openapi/merchant-a.key.pem")), 400, 40002);
        assertError(form("listRobots", paramsA("listRobots", "{}")), 400, 40002); // no sign
        Map<String, String> q = paramsA("listRobots", "{}");
        q.put("sign_type", "MD5");
        assertError(form("listRobots", signed(q, "openapi/merchant-a.key.pem")), 400, 40005);
        Map<String, String> v = paramsA("listRobots", "{}");
        v.put("version", "2.0");
        assertError(form("listRobots", signed(v, "openapi/merchant-a.key.pem")), 400, 40008);
        assertError(form("listRobots", signed(paramsA("listRobots", "[1,2]"), "openapi/merchant-a.key.pem")), 400, 40009);
        assertError(form("listRobots", signed(paramsA("listRobots", "{oops"), "openapi/merchant-a.key.pem")), 400, 40009);
    }

    @Test
    void malformedBodiesAreRefused() {
        assertError(MerchantClient.post(base, "listRobots", "application/x-www-form-urlencoded", "app_id=%zz&a=1"), 400, 40003);
        assertError(MerchantClient.post(base, "listRobots", "application/json", "{\"app_id\":"), 400, 40003);
        assertError(MerchantClient.post(base, "listRobots", "application/json", "{\"data\":{\"a\":1}}"), 400, 40003);
        assertError(MerchantClient.post(base, "listRobots", "text/plain", "hello"), 400, 40007);
        assertError(MerchantClient.post(base, "listRobots", "application/json", ""), 400, 40003);
    }

    @Test
    void twoMebibyteBodyIsRefusedWith413() {
        byte[] big = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        big[0] = 'x';
        big[1] = '=';
        assertError(MerchantClient.post(base, "listRobots", "application/x-www-form-urlencoded", big), 413, 41301);
    }

    @Test
    void unknownOperationIsRefused() {
        assertError(clientA.call(base, "sendMessage", Map.of()), 404, 40402);
    }

    @Test
    void dataIsBoundStrictlyAndEveryRefusalNamesTheField() {
        assertTrue(clientA.call(base, "listRobots", "{\"page\":\"2\",\"pageSize\":5}").success(),
                "numbers may come as strings");
        assertTrue(clientA.call(base, "listRobots", Map.of("vcMerchantNo", merchantA.getString("merchantId"))).success(),
                "vcMerchantNo is allowed in every data");
        assertDataError(clientA.call(base, "getRobot", "{\"vcRobotSerialNo\":{\"a\":1}}"), 40001,
                "data.vcRobotSerialNo must be a string");
        assertDataError(clientA.call(base, "listRobots", "{\"pageSize\":12345678901234567890}"), 40001,
                "data.pageSize must be a whole number between");
        assertDataError(clientA.call(base, "listRobots", "{\"page\":1e400}"), 40001, "data.page must be a whole number");
        assertDataError(clientA.call(base, "listRobots", "{\"page\":1.5}"), 40001, "data.page must be a whole number");
        assertDataError(clientA.call(base, "listRobots", "{\"pageSize\":\"1000\"}"), 40001,
                "data.pageSize must be between 1 and 100");
        assertDataError(clientA.call(base, "listRobots", "{\"pagesize\":5}"), 40001,
                "data.pagesize is not a field of listRobots's data");
        // The gate refuses control characters in data before binding (40010, docs/SECURITY.md).
        assertDataError(clientA.call(base, "getRobot", "{\"vcRobotSerialNo\":\"r\\u0000\"}"), 40010,
                "data.vcRobotSerialNo holds the control character U+0000");
        assertDataError(clientA.call(base, "getRobot", Map.of("vcRobotSerialNo", "x".repeat(257))), 40001,
                "data.vcRobotSerialNo must be at most 256 characters");
        assertDataError(clientA.call(base, "getRobot", Map.of("vcRobotSerialNo", "")), 40002,
                "data.vcRobotSerialNo is required");
        assertDataError(clientA.call(base, "registerDevice", Map.of("device_no", "bad device!")), 40001,
                "data.device_no may hold only letters, digits");
    }

    static void assertDataError(Reply r, int code, String messagePart) {
        assertError(r, 400, code);
        String message = r.body().path("vcErrorMsg").asText();
        assertTrue(message.contains(messagePart), () -> "'" + message + "' should contain '" + messagePart + "'");
    }

    @Test
    void apiDocumentShowsEveryOperationWithItsDataSchemaAndErrors() {
        JsonPath doc = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        for (String op : List.of("login", "logout", "submitPhoneCode", "registerDevice", "getRobot", "listRobots")) {
            Map<String, Object> post = doc.getMap("paths.'/openapi/v1/" + op + "'.post");
            assertTrue(post != null, "entry for " + op);
            String dataSchema = Character.toUpperCase(op.charAt(0)) + op.substring(1) + "Data";
            assertEquals("#/components/schemas/" + dataSchema, doc.getString("paths.'/openapi/v1/" + op
                    + "'.post.requestBody.content.'application/x-www-form-urlencoded'.schema.properties.data.contentSchema.$ref"));
            for (String p : List.of("app_id", "method", "timestamp", "sign_type", "sign", "version", "merchant_id")) {
                assertTrue(doc.getMap("paths.'/openapi/v1/" + op + "'.post.requestBody.content.'application/json'.schema.properties")
                        .containsKey(p), op + " documents " + p);
            }
            assertTrue(doc.getMap("paths.'/openapi/v1/" + op + "'.post.responses.'200'.content.'application/json'.schema.properties")
                    .keySet().containsAll(List.of("vcSerialNo", "vcSuccess", "nErrorCode", "vcErrorMsg", "data")));
            assertTrue(doc.getMap("components.schemas." + dataSchema) != null, dataSchema);
        }
        assertEquals(256, doc.getInt("components.schemas.LoginData.properties.vcRobotSerialNo.maxLength"));
        assertEquals(List.of("vcRobotSerialNo"), doc.getList("components.schemas.LoginData.required"));
        assertEquals(List.of("LINE_DEVICE", "LINE_WS", "CHAT68_WS", "IM_HTTP"),
                doc.getList("components.schemas.LoginData.properties.protocol.enum"));
        assertEquals(2048, doc.getInt("components.schemas.LoginData.properties.engine_url.maxLength"));
        assertEquals(65535, doc.getInt("components.schemas.LoginData.properties.socks5.properties.port.maximum"));
        assertEquals(100, doc.getInt("components.schemas.ListRobotsData.properties.pageSize.maximum"));
        assertTrue(doc.getString("paths.'/openapi/v1/getRobot'.post.responses.'404'.description").contains("40403 ROBOT_NOT_FOUND"));
        assertTrue(doc.getString("paths.'/openapi/v1/getRobot'.post.responses.'403'.description").contains("40301 FORBIDDEN"));
        assertTrue(doc.getList("paths.'/openapi/v1/getRobot'.post.x-error-codes", Integer.class).containsAll(List.of(40403, 40301, 40101)));
        assertEquals("#/components/schemas/RobotView", doc.getString(
                "paths.'/openapi/v1/getRobot'.post.responses.'200'.content.'application/json'.schema.properties.data.$ref"));
        assertTrue(doc.getMap("components.schemas.RobotView.properties").keySet().containsAll(List.of("engineUrl", "link")));
        assertEquals(4096, doc.getInt("components.schemas.LoginData.properties.auth_token.maxLength"));
        assertEquals(List.of("type", "server", "port"), doc.getList("components.schemas.LoginData.properties.proxy.required"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void platformEndpointsAnswer() {
        given().get("/q/health/ready").then().statusCode(200).body(containsString("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200).body(containsString("/openapi/v1/{operation}"));
        List<String> checks = given().get("/q/health/ready").then().extract().jsonPath().getList("checks.name");
        assertTrue(checks.stream().anyMatch(c -> c.toLowerCase().contains("database")), checks::toString);
        assertTrue(checks.stream().anyMatch(c -> c.toLowerCase().contains("redis")), checks::toString);
    }
}
