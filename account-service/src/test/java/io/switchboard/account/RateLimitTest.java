package io.switchboard.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.OpenApiSigner;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-merchant Open API rate limits over HTTP (docs/API.md, "Rate limits"): the test profile's defaults are far
 * too high to be reached, so each test lowers its own merchant's limits through the admin API. A request over the
 * limit gets 429/42901 with Retry-After; bad input gets its 400 and uses up nothing; the override takes effect at
 * once and can be cleared; the admin endpoint refuses bad values and changes nothing then.
 */
@QuarkusTest
class RateLimitTest {
    static final String ADMIN = AccountServiceTest.ADMIN;

    @TestHTTPResource("/")
    URL root;
    @Inject
    SwitchboardConfig config;

    String base;
    String merchantId;
    MerchantClient client;
    MerchantClient other;

    @BeforeEach
    void merchants() {
        base = root.toString().replaceAll("/$", "");
        JsonPath a = AccountServiceTest.createMerchant("Rate A", "openapi/merchant-a.pub.pem");
        JsonPath b = AccountServiceTest.createMerchant("Rate B", "openapi/merchant-b.pub.pem");
        merchantId = a.getString("merchantId");
        client = new MerchantClient(merchantId, a.getString("appId"),
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-a.key.pem")));
        other = new MerchantClient(b.getString("merchantId"), b.getString("appId"),
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-b.key.pem")));
    }

    JsonPath setRate(String id, Object body) {
        return given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(body)
                .put("/admin/merchants/" + id + "/rate").then().statusCode(200).extract().jsonPath();
    }

    /** A signed call whose headers we can read. */
    Response call(MerchantClient c, String operation, Object data) {
        return given().contentType("application/x-www-form-urlencoded; charset=utf-8")
                .body(OpenApiSigner.formBody(c.signedParams(operation, data)))
                .post("/openapi/v1/" + operation);
    }

    @Test
    void aCallOverTheLimitGets429WithRetryAfterAndOtherMerchantsGoOn() {
        setRate(merchantId, Map.of("perSecond", 0.01, "burst", 2)); // two at once, then one per 100 s
        double refusedBefore = refusedCount();
        assertEquals(200, call(client, "listRobots", Map.of()).statusCode());
        // Any operation draws from the same bucket, and an operation's own refusal (unknown robot) counts.
        assertEquals(404, call(client, "getRobot", Map.of("vcRobotSerialNo", "no-such-robot")).statusCode());
        Response r = call(client, "listRobots", Map.of());
        assertEquals(429, r.statusCode(), r.asString());
        assertEquals("false", r.jsonPath().getString("vcSuccess"));
        assertEquals(42901, r.jsonPath().getInt("nErrorCode"));
        assertEquals(32, r.jsonPath().getString("vcSerialNo").length());
        assertTrue(r.jsonPath().getString("vcErrorMsg").contains("0.01 requests per second (bursts of 2)"),
                r.jsonPath().getString("vcErrorMsg"));
        long retryAfter = Long.parseLong(r.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 100, "Retry-After " + retryAfter);
        assertEquals(refusedBefore + 1, refusedCount(), "counted once, in the general class");
        assertEquals(200, call(other, "listRobots", Map.of()).statusCode(), "another merchant has its own bucket");
    }

    @Test
    void badInputGetsItsOwn400AndUsesUpNothing() {
        setRate(merchantId, Map.of("perSecond", 0.01, "burst", 1)); // one request, then one per 100 s
        for (int i = 0; i < 3; i++) {
            Response bad = call(client, "listRobots", Map.of("pageSize", 1000));
            assertEquals(400, bad.statusCode(), bad.asString());
            assertEquals(40001, bad.jsonPath().getInt("nErrorCode"));
        }
        // A bad signature never reaches the limiter either.
        Map<String, String> p = new LinkedHashMap<>(client.signedParams("listRobots", Map.of()));
        p.put("data", "{\"page\":2}");
        given().contentType("application/x-www-form-urlencoded; charset=utf-8").body(OpenApiSigner.formBody(p))
                .post("/openapi/v1/listRobots").then().statusCode(401).body("nErrorCode", equalTo(40101));
        assertEquals(200, call(client, "listRobots", Map.of()).statusCode(), "the one token was still there");
        assertEquals(429, call(client, "listRobots", Map.of()).statusCode());
        // Over the limit, bad input still gets its 400, not a 429.
        assertEquals(400, call(client, "listRobots", Map.of("pageSize", 1000)).statusCode());
    }

    @Test
    void theOverrideTakesEffectAtOnceAndCanBeCleared() {
        for (int i = 0; i < 5; i++) {
            assertEquals(200, call(client, "listRobots", Map.of()).statusCode(), "the defaults are far away");
        }
        JsonPath view = setRate(merchantId, Map.of("burst", 1, "perSecond", 0.01, "sendBurst", 7));
        assertEquals(0.01, view.getDouble("own.perSecond"));
        assertEquals(1, view.getInt("own.burst"));
        assertNull(view.get("own.sendPerSecond"));
        assertEquals(7, view.getInt("own.sendBurst"));
        assertEquals(config.rate().sendPerSecond(), view.getDouble("effective.sendPerSecond"));
        assertEquals(1, view.getInt("effective.burst"));
        // The other services' gates get the limits with the merchant's key (internal look-up).
        given().header("Authorization", "Bearer test-internal-token")
                .get("/internal/merchants/by-app/" + client.signedParams("listRobots", Map.of()).get("app_id"))
                .then().statusCode(200).body("rateLimits.burst", equalTo(1)).body("rateLimits.sendBurst", equalTo(7))
                .body("rateLimits.sendPerSecond", nullValue());

        // No waiting for a cache: the change was announced after commit and this gate dropped its entry.
        assertEquals(200, call(client, "listRobots", Map.of()).statusCode());
        assertEquals(429, call(client, "listRobots", Map.of()).statusCode());

        JsonPath cleared = setRate(merchantId, Map.of());
        assertNull(cleared.get("own.burst"));
        assertEquals(config.rate().burst(), cleared.getInt("effective.burst"));
        assertEquals(200, call(client, "listRobots", Map.of()).statusCode(), "back to the defaults");
        given().header("Authorization", ADMIN).get("/admin/merchants/" + merchantId + "/rate").then().statusCode(200)
                .body("merchantId", equalTo(merchantId)).body("own.perSecond", nullValue());
    }

    @Test
    void theAdminEndpointRefusesBadValuesAndThenChangesNothing() {
        setRate(merchantId, Map.of("perSecond", 2.5, "burst", 5));
        String path = "/admin/merchants/" + merchantId + "/rate";
        given().contentType(ContentType.JSON).body(Map.of("burst", 1)).put(path).then().statusCode(401);
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("burst", 1))
                .put("/admin/merchants/mch_nope/rate").then().statusCode(404).body("code", equalTo(40401));
        given().header("Authorization", ADMIN).get("/admin/merchants/mch_nope/rate").then().statusCode(404);
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"perSecond\":0}", "perSecond must be a number");
        refused.put("{\"perSecond\":-1}", "perSecond must be a number");
        refused.put("{\"perSecond\":\"5\"}", "perSecond must be a number");
        refused.put("{\"perSecond\":1.0005}", "at most 3 decimals");
        refused.put("{\"sendPerSecond\":1e999}", "sendPerSecond must be a number");
        refused.put("{\"sendPerSecond\":1000001}", "at most 1000000");
        refused.put("{\"burst\":0}", "burst must be a whole number from 1 to 1000000");
        refused.put("{\"burst\":1.5}", "burst must be a whole number");
        refused.put("{\"burst\":3000000000}", "burst must be a whole number");
        refused.put("{\"sendBurst\":\"x\"}", "sendBurst must be a whole number");
        refused.put("{\"burst\":2,\"rate\":5}", "unknown field 'rate'");
        for (var e : refused.entrySet()) {
            given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(e.getKey()).put(path)
                    .then().statusCode(400).body("code", equalTo(40001)).body("message", containsString(e.getValue()));
        }
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("[1]").put(path)
                .then().statusCode(400).body("code", equalTo(40003));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).put(path)
                .then().statusCode(400).body("code", equalTo(40003));
        given().header("Authorization", ADMIN).get(path).then().statusCode(200)
                .body("own.perSecond", equalTo(2.5f)).body("own.burst", equalTo(5));
    }

    double refusedCount() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("sb_openapi_rate_limited_total{") && l.contains("class=\"general\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
