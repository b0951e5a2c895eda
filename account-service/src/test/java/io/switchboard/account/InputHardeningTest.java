package io.switchboard.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.account.service.LocalMerchantDirectory;
import io.switchboard.common.gate.MerchantCredentials;
import io.switchboard.common.gate.MerchantDirectory;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.MerchantClient.Reply;
import io.switchboard.sim.merchant.OpenApiSigner;
import jakarta.enterprise.inject.Vetoed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * account-service's doors against garbage (issue 6): a NUL, a line break or an absurd length in the Open API's
 * public parameters is refused before the merchant directory is asked; NUL in admin paths, queries and bodies,
 * and JSON with trailing content, get a documented 400 and change nothing.
 */
@QuarkusTest
class InputHardeningTest {
    static final String ADMIN = "Bearer test-admin-token";

    @TestHTTPResource("/")
    URL root;
    @Inject
    EntityManager em;

    final AtomicInteger lookups = new AtomicInteger();
    String base;

    /** Counts look-ups and knows no merchant; not a bean (created with new, vetoed). */
    @Vetoed
    class CountingDirectory extends LocalMerchantDirectory {
        @Override
        public Optional<MerchantCredentials> findByAppId(String appId) {
            lookups.incrementAndGet();
            return Optional.empty();
        }
    }

    @BeforeEach
    void setUp() {
        base = root.toString().replaceAll("/$", "");
        QuarkusMock.installMockForType(new CountingDirectory(), MerchantDirectory.class);
    }

    static Map<String, String> params(String appId, String data) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("app_id", appId);
        p.put("method", "switchboard.listRobots");
        p.put("timestamp", ZonedDateTime.now(ZoneId.of("GMT+8")).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
        p.put("sign_type", "RSA2");
        p.put("sign", "c2lnbmF0dXJlIG9mIHRoZSByZXF1ZXN0");
        p.put("version", "1.0");
        p.put("merchant_id", "mch_0123456789ab");
        p.put("data", data);
        return p;
    }

    Reply form(Map<String, String> p) {
        return MerchantClient.post(base, "listRobots", "application/x-www-form-urlencoded", OpenApiSigner.formBody(p));
    }

    static void assertRefused(Reply r, int code) {
        assertEquals(400, r.status(), () -> "status of " + r.body());
        assertEquals(code, r.errorCode(), () -> "code of " + r.body());
        assertEquals("false", r.body().path("vcSuccess").asText());
    }

    @Test
    void garbageAppIdsNeverReachTheMerchantDirectory() {
        assertRefused(form(params("app_\0nul", "{}")), 40010);
        assertRefused(form(params("app_\r\n2026-01-01 INFO forged", "{}")), 40010);
        assertRefused(form(params("a".repeat(5000), "{}")), 40001);
        assertRefused(form(params("app id", "{}")), 40001);
        assertRefused(MerchantClient.post(base, "listRobots", "application/json",
                "{\"app_id\":\"app_\\u0000\",\"method\":\"switchboard.listRobots\"}"), 40010);
        assertRefused(form(params("app_0123456789ab", "{\"page\":\"1\\u0000\"}")), 40010);
        assertRefused(form(params("app_0123456789ab", "{\"page\":\"1\"}garbage")), 40009);
        assertEquals(0, lookups.get(), "no garbage reached the directory");

        Reply unknown = form(params("app_0123456789ab", "{}"));
        assertEquals(401, unknown.status());
        assertEquals(40103, unknown.errorCode());
        assertEquals(1, lookups.get(), "a well-formed app_id is looked up");
    }

    long merchants() {
        return QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery("select count(*) from merchant").getSingleResult()).longValue());
    }

    @Test
    void nulInAdminPathsQueriesAndBodiesIsA400() {
        given().header("Authorization", ADMIN).urlEncodingEnabled(false).get("/admin/merchants/mch_%00")
                .then().statusCode(400).body("error", equalTo("CONTROL_CHARACTER"));
        given().header("Authorization", ADMIN).urlEncodingEnabled(false)
                .post("/admin/merchants/mch_%00x/webhook-secret/rotate").then().statusCode(400).body("code", equalTo(40010));
        given().header("Authorization", ADMIN).urlEncodingEnabled(false).get("/admin/robots?merchantId=mch_%00")
                .then().statusCode(400).body("error", equalTo("CONTROL_CHARACTER"));
        given().header("Authorization", ADMIN).urlEncodingEnabled(false).get("/admin/devices?merchantId=a%0Ab")
                .then().statusCode(400).body("error", equalTo("CONTROL_CHARACTER"));
        given().header("Authorization", ADMIN).urlEncodingEnabled(false).get("/admin/robots/r%00")
                .then().statusCode(400).body("error", equalTo("CONTROL_CHARACTER"));

        long before = merchants();
        String key = OpenApiSigner.fixture("openapi/merchant-a.pub.pem");
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "Nul\u0000Merchant", "rsaPublicKey", key, "callbackUrl", "http://127.0.0.1:9/hooks"))
                .post("/admin/merchants").then().statusCode(400)
                .body("error", equalTo("CONTROL_CHARACTER")).body("message", containsString("/name"));
        String id = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "Clean", "rsaPublicKey", key, "callbackUrl", "http://127.0.0.1:9/hooks"))
                .post("/admin/merchants").then().statusCode(201).extract().path("merchantId");
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("name", "x\u0000"))
                .patch("/admin/merchants/" + id).then().statusCode(400).body("error", equalTo("CONTROL_CHARACTER"));
        given().header("Authorization", ADMIN).get("/admin/merchants/" + id).then().statusCode(200)
                .body("name", equalTo("Clean"));
        assertEquals(before + 1, merchants(), "only the clean merchant was created");
    }

    @Test
    void adminJsonWithTrailingContentIsRefusedAndCreatesNothing() {
        long before = merchants();
        String key = OpenApiSigner.fixture("openapi/merchant-a.pub.pem").replace("\n", "\\n");
        String one = "{\"name\":\"Trailing\",\"rsaPublicKey\":\"" + key + "\",\"callbackUrl\":\"http://127.0.0.1:9/hooks\"}";
        for (String body : List.of(one + "garbage", one + one, one + "]")) {
            given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(body)
                    .post("/admin/merchants").then().statusCode(400).body("error", equalTo("MALFORMED_BODY"));
        }
        assertEquals(before, merchants());
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(one + " \n")
                .post("/admin/merchants").then().statusCode(201);
    }
}
