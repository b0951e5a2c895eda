package io.switchboard.group;

import static io.switchboard.group.GroupTestSupport.command;
import static io.switchboard.group.GroupTestSupport.merchant;
import static io.switchboard.group.GroupTestSupport.robot;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.group.GroupTestSupport.Merchant;
import io.switchboard.sim.merchant.MerchantClient.Reply;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * account-service stopped or slow (issue 8): group operations answer the 503 envelope within AccountDirectory's
 * timeout, queue nothing, and work again once it is back, without a restart of group-service.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class GroupOutageTest {
    /** AccountDirectory: 3 attempts of at most 2 s, 100 ms apart; plus the request's own work. */
    static final Duration WITHIN = Duration.ofMillis(7_500);

    @TestHTTPResource("/")
    URL root;

    Reply create(Merchant m, String robot) {
        return m.client().call(root.toString().replaceAll("/$", ""), "createGroup", Map.of("vcRobotSerialNo", robot,
                "vcGroupName", "g", "vcFriendSerialNoList", List.of("u1")));
    }

    /** The gate's merchant look-up is cached by a first call, so what fails below is the robot look-up. */
    Merchant warmMerchant() {
        Merchant a = merchant("merchant-a");
        assertTrue(create(a, robot(a, "IM_HTTP")).success());
        return a;
    }

    @Test
    void stoppedAccountServiceGives503WithinTheTimeoutAndTheNextCallAfterItsReturnSucceeds() {
        Merchant a = warmMerchant();
        String robot = robot(a, "IM_HTTP"); // never looked up: nothing cached to fall back on
        FakeAccountService.halt();
        try {
            long t0 = System.nanoTime();
            Reply r = create(a, robot);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertEquals(503, r.status(), r.body()::toString);
            assertEquals(50301, r.errorCode());
            assertEquals("false", r.body().path("vcSuccess").asText());
            assertTrue(r.body().path("vcErrorMsg").asText().contains("account-service is unavailable"), r.body()::toString);
            assertTrue(took.compareTo(WITHIN) < 0, "answered in " + took);
            assertNull(command(r.serialNo()), "nothing queued");
        } finally {
            FakeAccountService.restart();
        }
        await("group-service recovers").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> create(a, robot).success());
    }

    @Test
    void slowAccountServiceGives503WithinTheTimeout() {
        Merchant a = warmMerchant();
        String robot = robot(a, "LINE_WS");
        FakeAccountService.slow = true;
        try {
            long t0 = System.nanoTime();
            Reply r = create(a, robot);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertEquals(503, r.status(), r.body()::toString);
            assertEquals(50301, r.errorCode());
            assertTrue(took.compareTo(WITHIN) < 0, "answered in " + took);
        } finally {
            FakeAccountService.slow = false;
            FakeAccountService.release();
        }
        await("group-service recovers").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> create(a, robot).success());
    }
}
