package io.switchboard.callback.line;

import static io.switchboard.callback.line.LineTestSupport.id;
import static io.switchboard.callback.line.LineTestSupport.registerDevice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.callback.FakeAccountService;
import io.switchboard.callback.driver.line.LineIngress;
import io.switchboard.callback.driver.line.LineReply;
import io.switchboard.callback.line.LineTestSupport.Device;
import io.switchboard.sim.line.LineDeviceSimulator;
import io.switchboard.sim.line.Reply;
import jakarta.persistence.PersistenceException;
import java.net.URL;
import java.sql.SQLException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A device callback that meets PostgreSQL restarting (SQLState 57P01 "terminating connection due to administrator
 * command", 57P03 "the database system is starting up") answers 503, so the device retries, instead of 500.
 * Which exceptions such a restart produces is checked against a real server in common's InputHardeningTest.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class LineDatabaseOutageTest {
    @TestHTTPResource("/")
    URL base;

    /** The ingress as it behaves while PostgreSQL restarts: the statement fails with the server's state. */
    static final class RestartingDatabase extends LineIngress {
        private final String state;

        RestartingDatabase(String state) {
            this.state = state;
        }

        @Override
        public LineReply handle(String action, Function<String, String> headers, byte[] body) {
            throw new PersistenceException("could not execute statement",
                    new SQLException("FATAL: the database is restarting", state));
        }
    }

    @Test
    void aDeviceCallbackDuringAPostgresRestartGetsARetryable503() {
        Device d = registerDevice(id("mch_"));
        for (String state : new String[] {"57P01", "57P03", "08006"}) {
            QuarkusMock.installMockForType(new RestartingDatabase(state), LineIngress.class);
            try (LineDeviceSimulator device = d.simulator(base.toString())) {
                Reply r = device.deviceHeart();
                assertEquals(503, r.status(), state + ": " + r);
                assertFalse(r.success());
                assertTrue(r.message().contains("retry later"), r.message());
            }
        }
    }
}
