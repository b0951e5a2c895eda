package io.switchboard.account;

import static io.restassured.RestAssured.given;
import static io.switchboard.account.AccountServiceTest.createMerchant;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.switchboard.sim.fault.DatabaseCut;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.MerchantClient.Reply;
import io.switchboard.sim.merchant.OpenApiSigner;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL lost (issue 10): while account-service cannot reach its database, every door answers 503/50301
 * within the pool's acquisition timeout (5 s) — the Open API, the admin API and the internal API the other
 * services ask — and all of them work again once it is back, without a restart. The database is taken away by
 * {@link DatabaseCut}: open connections are reset and new ones hang, the worst case for the bound.
 */
@QuarkusTest
@QuarkusTestResource(value = DatabaseCut.class, restrictToAnnotatedClass = true)
class DatabaseOutageTest {
    /** The acquisition timeout (5 s) plus the request's own work. */
    static final Duration WITHIN = Duration.ofSeconds(7);
    static final String ADMIN = "Bearer test-admin-token";
    static final String INTERNAL = "Bearer test-internal-token";

    @TestHTTPResource("/")
    URL root;

    @Test
    void everyDoorAnswers503WithinTheBoundWhileTheDatabaseIsGoneAndWorksAgainWhenItIsBack() {
        String base = root.toString().replaceAll("/$", "");
        JsonPath m = createMerchant("Outage", "openapi/merchant-a.pub.pem");
        MerchantClient client = new MerchantClient(m.getString("merchantId"), m.getString("appId"),
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-a.key.pem")));
        assertTrue(client.call(base, "listRobots", Map.of()).success(), "the merchant is known and cached");

        DatabaseCut.cut();
        try {
            Reply r = timed("Open API listRobots", () -> client.call(base, "listRobots", Map.of()));
            assertEquals(503, r.status(), r.body()::toString);
            assertEquals(50301, r.errorCode(), r.body()::toString);
            assertEquals("false", r.body().path("vcSuccess").asText());
            assertEquals(32, r.serialNo().length());

            assertUnavailable(timed("admin", () -> given().header("Authorization", ADMIN).get("/admin/merchants")));
            assertUnavailable(timed("admin outbox", () -> given().header("Authorization", ADMIN).get("/admin/outbox")));
            assertUnavailable(timed("internal", () -> given().header("Authorization", INTERNAL)
                    .get("/internal/merchants/by-app/" + m.getString("appId"))));
        } finally {
            DatabaseCut.restore();
        }

        await("account-service serves again").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> client.call(base, "listRobots", Map.of()).success());
        given().header("Authorization", ADMIN).get("/admin/merchants").then().statusCode(200);
        given().header("Authorization", INTERNAL).get("/internal/merchants/by-app/" + m.getString("appId"))
                .then().statusCode(200);
        // Writes work too, and their events leave the outbox: the relay carried on by itself.
        JsonPath after = createMerchant("After the outage", "openapi/merchant-b.pub.pem");
        await("the outbox drains").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> given().header("Authorization", ADMIN).get("/admin/outbox")
                        .then().statusCode(200).extract().jsonPath().getInt("pending") == 0);
        assertTrue(after.getString("merchantId").startsWith("mch_"));
    }

    static void assertUnavailable(Response r) {
        assertEquals(503, r.statusCode(), r.asString());
        assertEquals(50301, r.jsonPath().getInt("code"), r.asString());
    }

    static <T> T timed(String door, Supplier<T> call) {
        long t0 = System.nanoTime();
        T result = call.get();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue(took.compareTo(WITHIN) < 0, door + " answered in " + took);
        return result;
    }
}
