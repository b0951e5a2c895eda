package io.switchboard.account;

import static io.switchboard.account.AccountServiceTest.createMerchant;
import static io.switchboard.sim.fault.DatabaseCut.ADMIN;
import static io.switchboard.sim.fault.DatabaseCut.INTERNAL;
import static io.switchboard.sim.fault.DatabaseCut.assertUnavailable;
import static io.switchboard.sim.fault.DatabaseCut.get;
import static io.switchboard.sim.fault.DatabaseCut.withinBound;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.sim.fault.DatabaseCut;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.MerchantClient.Reply;
import io.switchboard.sim.merchant.OpenApiSigner;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL lost (issue 10): while account-service cannot reach its database, every door answers 503/50301
 * within {@link DatabaseCut#BOUND} — the Open API, the admin API and the internal API the other services ask — and
 * all of them work again once it is back, without a restart. {@link DatabaseCut} resets the open connections and
 * leaves new ones unanswered, the worst case for the bound.
 */
@QuarkusTest
@QuarkusTestResource(value = DatabaseCut.class, restrictToAnnotatedClass = true)
class DatabaseOutageTest {
    @TestHTTPResource("/")
    URL root;

    @Test
    void everyDoorAnswers503WithinTheBoundWhileTheDatabaseIsGoneAndWorksAgainWhenItIsBack() {
        String base = root.toString().replaceAll("/$", "");
        JsonPath m = createMerchant("Outage", "openapi/merchant-a.pub.pem");
        MerchantClient client = new MerchantClient(m.getString("merchantId"), m.getString("appId"),
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-a.key.pem")));
        String byApp = "/internal/merchants/by-app/" + m.getString("appId");
        assertTrue(client.call(base, "listRobots", Map.of()).success(), "the merchant is known and cached");

        DatabaseCut.cut();
        try {
            Reply r = withinBound("Open API listRobots", () -> client.call(base, "listRobots", Map.of()));
            assertEquals(503, r.status(), r.body()::toString);
            assertEquals(50301, r.errorCode(), r.body()::toString);
            assertEquals("false", r.body().path("vcSuccess").asText());
            assertEquals(32, r.serialNo().length());
            assertUnavailable("admin", withinBound("admin", () -> get(base, "/admin/merchants", ADMIN)));
            assertUnavailable("admin outbox", withinBound("admin outbox", () -> get(base, "/admin/outbox", ADMIN)));
            assertUnavailable("internal", withinBound("internal", () -> get(base, byApp, INTERNAL)));
        } finally {
            DatabaseCut.restore();
        }

        await("account-service serves again").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> client.call(base, "listRobots", Map.of()).success());
        assertEquals(200, get(base, "/admin/merchants", ADMIN).status());
        assertEquals(200, get(base, byApp, INTERNAL).status());
        // Writes work too, and their events leave the outbox: the relay carried on by itself.
        assertTrue(createMerchant("After the outage", "openapi/merchant-b.pub.pem").getString("merchantId")
                .startsWith("mch_"));
        await("the outbox drains").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> get(base, "/admin/outbox", ADMIN).body().path("pending").asLong() == 0);
    }
}
