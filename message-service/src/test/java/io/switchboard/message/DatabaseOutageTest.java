package io.switchboard.message;

import static io.switchboard.sim.fault.DatabaseCut.ADMIN;
import static io.switchboard.sim.fault.DatabaseCut.assertUnavailable;
import static io.switchboard.sim.fault.DatabaseCut.get;
import static io.switchboard.sim.fault.DatabaseCut.withinBound;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.sim.fault.DatabaseCut;
import io.switchboard.sim.merchant.MerchantClient.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL lost (issue 10): message-service's Open API and admin doors answer 503/50301 within
 * {@link DatabaseCut#BOUND} while its database is gone, and work again once it is back, without a restart; a
 * message accepted after the outage is dispatched (the dispatcher and the relay resumed by themselves).
 */
@QuarkusTest
@QuarkusTestResource(value = FakeServices.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = DatabaseCut.class, restrictToAnnotatedClass = true)
class DatabaseOutageTest extends MessageTestBase {
    @Test
    void everyDoorAnswers503WithinTheBoundWhileTheDatabaseIsGoneAndWorksAgainWhenItIsBack() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "IM_HTTP");
        String first = send(a, robot, "before").serialNo();

        DatabaseCut.cut();
        try {
            Reply r = withinBound("Open API sendMessage", () -> call(a, "sendMessage",
                    data("vcRobotSerialNo", robot, "vcFriendSerialNo", "u1", "content", text("during"))));
            assertEquals(503, r.status(), r.body()::toString);
            assertEquals(50301, r.errorCode(), r.body()::toString);
            Reply read = withinBound("Open API getMessage", () -> call(a, "getMessage", data("vcSerialNo", first)));
            assertEquals(50301, read.errorCode(), read.body()::toString);
            assertUnavailable("admin", withinBound("admin", () -> get(base, "/admin/messages/" + first, ADMIN)));
            assertUnavailable("admin queue", withinBound("admin",
                    () -> get(base, "/admin/messages/robots/" + robot, ADMIN)));
        } finally {
            DatabaseCut.restore();
        }

        // Another robot: the first one still has its message in flight, so its queue waits for that result.
        String other = robot(a, "IM_HTTP");
        Reply after = await("message-service serves again").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> call(a, "sendMessage", data("vcRobotSerialNo", other, "vcFriendSerialNo", "u1",
                        "content", text("after"))), Reply::success);
        awaitState(after.serialNo(), "DISPATCHED");
        assertNotNull(command(after.serialNo()), "the dispatcher sent it on");
        assertEquals(200, get(base, "/admin/messages/" + first, ADMIN).status());
    }
}
