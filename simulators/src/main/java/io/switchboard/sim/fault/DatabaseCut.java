package io.switchboard.sim.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A Quarkus test resource that puts a {@link TcpCut} between the service under test and PostgreSQL, so a test can
 * take the database away from this one service ({@link #cut()}) and give it back ({@link #restore()}) while the
 * shared server keeps running for everybody else. Use it with {@code restrictToAnnotatedClass = true}: the service
 * boots (and migrates) through the forwarder.
 */
public class DatabaseCut implements QuarkusTestResourceLifecycleManager {
    /**
     * How long a door may take to say 503 while the database is gone: the pool's acquisition timeout (5 s,
     * {@code SB_DB_ACQUISITION_TIMEOUT}) plus the request's own work.
     */
    public static final Duration BOUND = Duration.ofSeconds(7);
    /** The %test profile's admin and internal tokens (common's microprofile-config.properties). */
    public static final String ADMIN = "test-admin-token";
    public static final String INTERNAL = "test-internal-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile TcpCut proxy;

    /** An answer of the admin or internal API. */
    public record Answer(int status, JsonNode body) {
        public int code() {
            return body.path("code").asInt();
        }
    }

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

    /** Runs {@code call} and fails unless it answered within {@link #BOUND}. */
    public static <T> T withinBound(String door, Supplier<T> call) {
        long t0 = System.nanoTime();
        T result = call.get();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (took.compareTo(BOUND) >= 0) {
            throw new AssertionError(door + " answered in " + took + ", over the bound of " + BOUND);
        }
        return result;
    }

    /** {@code GET base+path} with a bearer token, as an admin or another service calls. */
    public static Answer get(String base, String path, String token) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Fails unless {@code a} is the 503/50301 error body. */
    public static void assertUnavailable(String door, Answer a) {
        if (a.status() != 503 || a.code() != 50301) {
            throw new AssertionError(door + ": expected 503/50301, got " + a.status() + " " + a.body());
        }
    }
}
