package io.switchboard.callback;

import static io.switchboard.sim.fault.DatabaseCut.ADMIN;
import static io.switchboard.sim.fault.DatabaseCut.assertUnavailable;
import static io.switchboard.sim.fault.DatabaseCut.get;
import static io.switchboard.sim.fault.DatabaseCut.withinBound;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.callback.link.LinkId;
import io.switchboard.callback.link.RobotLinks;
import io.switchboard.common.api.Ids;
import io.switchboard.common.client.InternalViews.DeviceView;
import io.switchboard.common.client.MerchantKeyView;
import io.switchboard.sim.fault.DatabaseCut;
import io.switchboard.sim.line.LineDeviceSimulator;
import io.switchboard.sim.line.Reply;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.OpenApiSigner;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL lost (issue 10): callback-service's Open API, admin API and LINE device callbacks answer 503 (the
 * envelope, the error body, a retryable device answer) within {@link DatabaseCut#BOUND} while its database is
 * gone, and work again once it is back, without a restart.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = DatabaseCut.class, restrictToAnnotatedClass = true)
class DatabaseOutageTest {
    /** A message the robot received: the callback writes it (and its dedup record) to PostgreSQL. */
    static Reply receive(LineDeviceSimulator device, String robot, String msgId) {
        return device.receiveMessage(robot, "8613800000001", msgId, "U-friend", "U-robot", null, "text", "hi",
                System.currentTimeMillis());
    }

    @TestHTTPResource("/")
    URL root;

    @Test
    void everyDoorAnswers503WithinTheBoundWhileTheDatabaseIsGoneAndWorksAgainWhenItIsBack() {
        String base = root.toString().replaceAll("/$", "");
        String merchantId = Ids.random("mch_", 8);
        String appId = Ids.random("app", 8);
        FakeAccountService.MERCHANTS_BY_APP.put(appId, new MerchantKeyView(merchantId, appId,
                OpenApiSigner.fixture("openapi/merchant-a.pub.pem"), true));
        MerchantClient merchant = new MerchantClient(merchantId, appId,
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-a.key.pem")));
        String deviceNo = Ids.random("dev-", 8);
        String key = Ids.random("key-", 8);
        FakeAccountService.DEVICES.put(deviceNo, new DeviceView(deviceNo, merchantId, key, true));
        String robot = Ids.random("robot-", 8);
        QuarkusTransaction.requiringNew().run(() -> Arc.container().instance(RobotLinks.class).get()
                .record(robot, merchantId, new LinkId("LINE_DEVICE", deviceNo), null, true));
        Map<String, Object> list = Map.of("limit", 10);
        String msgId = Ids.random("msg-", 8);

        try (LineDeviceSimulator device = new LineDeviceSimulator(base, deviceNo, key)) {
            assertTrue(merchant.call(base, "listDeliveries", list).success(), "the merchant is cached");
            assertTrue(device.robotHeart(robot, "8613800000001").success(), "the device is cached");
            assertTrue(receive(device, robot, Ids.random("msg-", 8)).success(), "a received message is taken");

            DatabaseCut.cut();
            try {
                MerchantClient.Reply r = withinBound("Open API listDeliveries",
                        () -> merchant.call(base, "listDeliveries", list));
                assertEquals(503, r.status(), r.body()::toString);
                assertEquals(50301, r.errorCode(), r.body()::toString);
                assertUnavailable("admin deliveries", withinBound("admin", () -> get(base, "/admin/deliveries", ADMIN)));
                assertUnavailable("admin links", withinBound("admin", () -> get(base, "/admin/links", ADMIN)));
                Reply received = withinBound("device callback", () -> receive(device, robot, msgId));
                assertEquals(503, received.status(), received::toString);
                assertTrue(received.message().contains("retry later"), received::toString);
            } finally {
                DatabaseCut.restore();
            }

            // The device's retry of the same message is taken (nothing of the failed attempt was kept).
            await("callback-service serves again").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> merchant.call(base, "listDeliveries", list).success()
                            && receive(device, robot, msgId).success());
            assertEquals(200, get(base, "/admin/deliveries", ADMIN).status());
            assertEquals(200, get(base, "/admin/links", ADMIN).status());
        }
    }
}
