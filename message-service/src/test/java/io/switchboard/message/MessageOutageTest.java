package io.switchboard.message;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.client.InternalViews.GroupLinkInfo;
import io.switchboard.common.event.EventTypes;
import io.switchboard.sim.merchant.MerchantClient.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Dependencies down: account-service unreachable is 503 within AccountDirectory's timeout with nothing stored, and an
 * inbound message waits (pending) until it can say whose robot it is; group-service unreachable costs a LINE group
 * send only its link info (groupInfo null).
 */
@QuarkusTest
@QuarkusTestResource(value = FakeServices.class, restrictToAnnotatedClass = false)
class MessageOutageTest extends MessageTestBase {
    /** AccountDirectory: 3 attempts of at most 2 s, 100 ms apart; plus the request's own work. */
    static final Duration WITHIN = Duration.ofMillis(7_500);

    @Test
    void accountServiceDownIs503AndNothingIsStoredThenItWorksAgain() {
        Merchant a = merchant("merchant-a");
        send(a, robot(a, "IM_HTTP"), "warm the merchant look-up");
        String robot = robot(a, "IM_HTTP"); // never looked up: nothing cached to fall back on
        FakeServices.ACCOUNT.halt();
        try {
            long t0 = System.nanoTime();
            Reply r = call(a, "sendMessage", data("vcRobotSerialNo", robot, "vcFriendSerialNo", "u1",
                    "content", text("hi")));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertEquals(503, r.status(), r.body()::toString);
            assertEquals(50301, r.errorCode());
            assertTrue(r.body().path("vcErrorMsg").asText().contains("account-service is unavailable"));
            assertTrue(took.compareTo(WITHIN) < 0, "answered in " + took);
            assertEquals(0, count("select count(*) from outbound_message where robot_serial_no = ?1", robot));
        } finally {
            FakeServices.ACCOUNT.restart();
        }
        await("message-service recovers").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> call(a, "sendMessage", data("vcRobotSerialNo", robot, "vcFriendSerialNo", "u1",
                        "content", text("hi"))).success());
    }

    @Test
    void anInboundMessageWaitsWhileAccountServiceCannotSayWhoseRobotItIs() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_WS"); // never looked up: nothing cached to fall back on
        FakeServices.failing = true;
        try {
            var e = robotEvent(EventTypes.MESSAGE_RECEIVED, a.merchantId(), robot, null, obj()
                    .put("messageId", "while-down").put("fromUserId", "u").put("msgType", 0).put("content", "x"));
            // 3 attempts (AccountDirectory's retries) failed, the handler threw and rolled back, and the entry was
            // delivered again: a 4th look-up is the redelivery
            await("the event is retried").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).until(() -> FakeServices.robotCalls(robot) >= 4);
            assertEquals(0, count("select count(*) from processed_event where event_id = ?1",
                    java.util.UUID.fromString(e.id())));
            FakeServices.failing = false;
            awaitProcessed(e); // reclaimed (switchboard.streams.reclaim-idle is 2 s in tests) and applied
            assertEquals(1, count("select count(*) from inbound_message where robot_serial_no = ?1", robot),
                    "the message was kept for later, not dropped as another merchant's");
            assertEquals(1, webhooks(robot).size());
        } finally {
            FakeServices.failing = false;
        }
    }

    @Test
    void groupServiceDownSendsWithoutLinkInfo() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_DEVICE");
        pacing(robot, 0);
        FakeServices.GROUPS.put(robot + "/g-1", new GroupLinkInfo("g-1", "key", 1L, "o", 2L, "n"));
        FakeServices.GROUP.halt();
        try {
            Reply r = call(a, "sendGroupMessage", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g-1",
                    "content", text("still goes")));
            assertTrue(r.success(), r.body()::toString);
            String serial = r.data().path("vcSerialNo").asText();
            await("dispatched").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> command(serial) != null);
            assertTrue(content(serial).path("groupInfo").isNull(), content(serial)::toString);
        } finally {
            FakeServices.GROUP.restart();
        }
    }
}
