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
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.common.client.AccountDirectory;
import io.switchboard.common.client.InternalViews.WebhookTarget;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.MerchantNotification;
import io.switchboard.common.event.Outbox;
import io.switchboard.common.event.Streams;
import jakarta.persistence.EntityManager;
import java.net.InetSocketAddress;
import java.net.URL;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
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

    @Test
    void aWebhookAnsweredWhileTheDatabaseGoesDownIsRecordedWhenItIsBackAndNotSentAgain() throws Exception {
        String merchantId = Ids.random("mch_", 8);
        AtomicInteger received = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // The merchant answers 2xx just as PostgreSQL goes away: the outcome cannot be written at once.
        receiver.createContext("/hook", ex -> {
            ex.getRequestBody().readAllBytes();
            DatabaseCut.cut();
            received.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        try {
            FakeAccountService.WEBHOOKS.put(merchantId, new WebhookTarget(merchantId,
                    "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", List.of("whsec_outage"), true));
            Arc.container().instance(AccountDirectory.class).get().forgetMerchant(merchantId, null);
            ObjectMapper json = Arc.container().instance(ObjectMapper.class).get();
            EventEnvelope event = EventEnvelope.create(EventTypes.MERCHANT_NOTIFICATION, merchantId, "robot-1",
                    "serial-" + UUID.randomUUID(), "test", json.valueToTree(new MerchantNotification(1005, 0, "",
                            json.createObjectNode())));
            QuarkusTransaction.requiringNew().run(() -> Arc.container().instance(Outbox.class).get()
                    .publish(Streams.MERCHANT_EVENTS, event));
            try {
                await("the webhook is sent").atMost(Duration.ofSeconds(30)).until(() -> received.get() >= 1);
            } finally {
                DatabaseCut.restore();
            }
            await("the delivery is recorded as delivered once the database is back").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250)).until(() -> "SUCCEEDED".equals(status(event.id())));
            assertEquals(1, received.get(), "the merchant got the webhook once");
            assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> ((Number) Arc.container()
                    .instance(EntityManager.class).get().createNativeQuery("select attempts from webhook_delivery"
                            + " where event_id = cast(?1 as uuid)").setParameter(1, event.id()).getSingleResult())
                    .longValue()));
        } finally {
            receiver.stop(0);
        }
    }

    static String status(String eventId) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> String.valueOf(Arc.container()
                    .instance(EntityManager.class).get().createNativeQuery("select status from webhook_delivery"
                            + " where event_id = cast(?1 as uuid)").setParameter(1, eventId).getResultList()
                    .stream().findFirst().orElse(null)));
        } catch (RuntimeException e) {
            return null; // the database is not back yet
        }
    }
}
