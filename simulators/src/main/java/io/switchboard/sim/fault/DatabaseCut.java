package io.switchboard.sim.fault;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A Quarkus test resource that puts a {@link TcpCut} between the service under test and PostgreSQL, so a test can
 * take the database away from this one service ({@link #cut()}) and give it back ({@link #restore()}) while the
 * shared server keeps running for everybody else. Use it with {@code restrictToAnnotatedClass = true}: the service
 * boots (and migrates) through the forwarder.
 */
public class DatabaseCut implements QuarkusTestResourceLifecycleManager {
    private static volatile TcpCut proxy;

    @Override
    public Map<String, String> start() {
        String host = System.getenv().getOrDefault("SB_DB_HOST", "127.0.0.1");
        int port = Integer.parseInt(System.getenv().getOrDefault("SB_DB_PORT", "5432"));
        try {
            proxy = new TcpCut(host, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The %test URL is profile-specific, so it is the one to replace; database and schema stay as configured.
        return Map.of("%test.quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + proxy.port()
                + "/${SB_TEST_DB:switchboard_test}?currentSchema=${sb.schema}");
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
    }

    /** The service loses its database: open connections are reset, new ones hang unanswered. */
    public static void cut() {
        proxy.cut();
    }

    /** The database is back. */
    public static void restore() {
        proxy.restore();
    }
}
