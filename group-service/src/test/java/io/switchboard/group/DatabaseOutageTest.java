package io.switchboard.group;

import static io.switchboard.group.GroupTestSupport.command;
import static io.switchboard.group.GroupTestSupport.merchant;
import static io.switchboard.group.GroupTestSupport.robot;
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
import io.switchboard.group.GroupTestSupport.Merchant;
import io.switchboard.sim.fault.DatabaseCut;
import io.switchboard.sim.merchant.MerchantClient.Reply;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL lost (issue 10): group-service's Open API, admin and internal doors answer 503/50301 within
 * {@link DatabaseCut#BOUND} while its database is gone, and work again once it is back, without a restart; a
 * group command accepted after the outage is relayed (the relay resumed by itself).
 */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = DatabaseCut.class, restrictToAnnotatedClass = true)
class DatabaseOutageTest {
    @TestHTTPResource("/")
    URL root;

    @Test
    void everyDoorAnswers503WithinTheBoundWhileTheDatabaseIsGoneAndWorksAgainWhenItIsBack() {
        String base = root.toString().replaceAll("/$", "");
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "IM_HTTP");
        Map<String, Object> create = Map.of("vcRobotSerialNo", robot, "vcGroupName", "g",
                "vcFriendSerialNoList", List.of("u1"));
        assertTrue(a.client().call(base, "createGroup", create).success(), "merchant and robot are cached");

        DatabaseCut.cut();
        try {
            Reply r = withinBound("Open API createGroup", () -> a.client().call(base, "createGroup", create));
            assertEquals(503, r.status(), r.body()::toString);
            assertEquals(50301, r.errorCode(), r.body()::toString);
            Reply list = withinBound("Open API getGroupList", () -> a.client().call(base, "getGroupList",
                    Map.of("vcRobotSerialNo", robot)));
            assertEquals(50301, list.errorCode(), list.body()::toString);
            assertUnavailable("admin", withinBound("admin", () -> get(base, "/admin/groups", ADMIN)));
            assertUnavailable("internal", withinBound("internal",
                    () -> get(base, "/internal/groups/" + robot + "/grp1", INTERNAL)));
        } finally {
            DatabaseCut.restore();
        }

        Reply after = await("group-service serves again").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> a.client().call(base, "createGroup", create), Reply::success);
        await("the command is relayed").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> command(after.serialNo()) != null
                        && get(base, "/admin/outbox", ADMIN).body().path("pending").asLong() == 0);
        assertEquals(200, get(base, "/admin/groups", ADMIN).status());
    }
}
