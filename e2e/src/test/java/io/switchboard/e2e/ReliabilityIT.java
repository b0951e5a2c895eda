package io.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.sim.reliability.FaultOptions;
import io.switchboard.sim.reliability.FaultPlatform;
import io.switchboard.sim.reliability.FaultRow;
import io.switchboard.sim.reliability.FaultRun;
import io.switchboard.sim.reliability.Scenario;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault runs of {@code reliability/run} at small size (FaultOptions.small(): 200 inbound messages and 20
 * sendMessage commands per scenario), through the same scenario code, on a private PostgreSQL and Redis (the stores
 * of this machine are shared; the scenarios flush and restart theirs). Each scenario must lose nothing, deliver
 * nothing twice, leave no command unfinished and answer no 500 (docs/RELIABILITY.md "Fault runs").
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilityIT {
    static FaultPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("sb.root", ".."));
        platform = FaultPlatform.start(root, root.resolve("e2e/target/reliability"), System.out);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    static FaultRow assertTarget(Scenario scenario) throws Exception {
        return assertTarget(scenario, java.util.Set.of());
    }

    /**
     * Runs the scenario and asserts its target. {@code pending} are event kinds (key prefixes) whose loss is asserted
     * by a separate, disabled test because the fix is on another branch; every other event must arrive.
     */
    static FaultRow assertTarget(Scenario scenario, java.util.Set<String> pending) throws Exception {
        FaultRow row = new FaultRun(platform, scenario, FaultOptions.small(), System.out).run();
        String summary = scenario.id + ": " + row.summary();
        List<String> lost = row.lostEvents().stream()
                .filter(e -> pending.stream().noneMatch(e::startsWith)).toList();
        assertAll(summary,
                () -> assertEquals(List.of(), lost, "lost"),
                () -> assertEquals(0, row.duplicated(), "duplicated"),
                () -> assertEquals(0, row.stuck(), "commands stuck"),
                () -> assertEquals(0, row.fiveHundreds(), "500s"),
                () -> assertEquals(0, row.notAccepted(), "inbound messages never accepted"),
                () -> assertEquals(0, row.badSignatures(), "webhooks with a bad signature"),
                () -> assertTrue(pending.isEmpty() ? row.recover() != null : lost.isEmpty(),
                        "every event arrived within the settle time"));
        return row;
    }

    @Test
    @Order(1)
    void merchantEndpointDownAtTheStart() throws Exception {
        assertTarget(Scenario.ENDPOINT_DOWN);
    }

    @Test
    @Order(2)
    void killOfOneOfTwoCallbackReplicas() throws Exception {
        assertTarget(Scenario.CALLBACK_KILL);
    }

    @Test
    @Order(3)
    void killOfAccountServiceAndOfMessageService() throws Exception {
        assertTarget(Scenario.ACCOUNT_MESSAGE_KILL);
    }

    static FaultRow redisFlush;

    @Test
    @Order(4)
    void redisFlushAll() throws Exception {
        redisFlush = assertTarget(Scenario.REDIS_FLUSH, java.util.Set.of("offline:"));
    }

    /**
     * Issue 10: "after a Redis FLUSHALL, a robot that then goes silent is never reported offline". The robot that
     * goes silent at the FLUSHALL in scenario d must still get its 1007 nstate 1.
     */
    @Test
    @Order(5)
    void aRobotSilentSinceTheFlushAllIsReportedOffline() {
        assertNotNull(redisFlush, "redisFlushAll ran");
        assertEquals(List.of(), redisFlush.lostEvents().stream().filter(e -> e.startsWith("offline:")).toList(),
                "the silent robot's 1007 nstate 1 never arrived");
    }

    @Test
    @Order(6)
    void postgresRestart() throws Exception {
        assertTarget(Scenario.PG_RESTART);
    }
}
