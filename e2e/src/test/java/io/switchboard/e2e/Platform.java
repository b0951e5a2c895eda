package io.switchboard.e2e;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts packaged services ({@code <module>/target/quarkus-app/quarkus-run.jar}) as real processes on free
 * loopback ports, against the test database and Redis db 15, and stops them. Logs go to e2e/target/.
 */
final class Platform implements AutoCloseable {
    /** The test database and Redis db that bin/test prepared (SB_TEST_DB, SB_TEST_REDIS_DB). */
    static final String TEST_DB = envOr("SB_TEST_DB", "switchboard_test");
    static final String TEST_REDIS_DB = envOr("SB_TEST_REDIS_DB", "15");

    static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static final String ADMIN_TOKEN = "e2e-admin-token";
    static final String INTERNAL_TOKEN = "e2e-internal-token";
    static final String CRYPTO_KEY = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private final Path root = Path.of(System.getProperty("sb.root", ".."));
    private final Map<String, Integer> ports = new HashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, Process> byName = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();

    static final String[] ALL = {"account-service", "message-service", "group-service", "callback-service"};
    private static Platform shared;

    /**
     * The four services, started once per test JVM with short timeouts for the tests (heartbeat expiry 3 s, engine probes 1 s, link leases 4 s,
     * webhook retries 0 s/1 s/2 s) and stopped when the JVM exits, so IT classes share one boot.
     */
    static synchronized Platform shared() throws Exception {
        if (shared == null) {
            Platform p = new Platform(Map.of(
                    "SWITCHBOARD_CALLBACK_PRESENCE_ROBOT_OFFLINE_AFTER", "3s",
                    // Engine probes are the engine robots' heartbeats: well inside the 3 s expiry.
                    "SWITCHBOARD_CALLBACK_ENGINES_PROBE_INTERVAL", "1s",
                    // A killed replica's links lapse within seconds, so failover tests do not wait 30 s.
                    "SWITCHBOARD_CALLBACK_LINKS_LEASE_TTL", "4s", "SWITCHBOARD_CALLBACK_LINKS_RENEW_INTERVAL", "1s",
                    "SWITCHBOARD_CALLBACK_LINKS_TAKEOVER_INTERVAL", "1s",
                    "SWITCHBOARD_WEBHOOKS_RETRY_SCHEDULE", "0s,1s,2s"));
            Runtime.getRuntime().addShutdownHook(new Thread(p::close));
            p.start(ALL);
            shared = p;
        }
        return shared;
    }

    Platform(Map<String, String> extraEnv) {
        env.put("SB_DB_HOST", "127.0.0.1");
        env.put("SB_DB_NAME", TEST_DB);
        env.put("SB_REDIS_URL", "redis://127.0.0.1:6379/" + TEST_REDIS_DB);
        env.put("SB_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("SB_INTERNAL_TOKEN", INTERNAL_TOKEN);
        env.put("SB_CRYPTO_KEYS", CRYPTO_KEY);
        env.put("SB_LOCAL_MODE", "true");
        env.putAll(extraEnv);
    }

    String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    void start(String... services) throws Exception {
        for (String s : services) {
            ports.put(s, freePort());
        }
        // Every service finds the others it calls (message-service asks group-service for link info).
        Map.of("account-service", "SB_ACCOUNT_URL", "message-service", "SB_MESSAGE_URL", "group-service", "SB_GROUP_URL",
                "callback-service", "SB_CALLBACK_URL").forEach((service, variable) -> {
                    if (ports.containsKey(service)) {
                        env.put(variable, url(service));
                    }
                });
        for (String s : services) {
            launch(s, s, Map.of());
        }
    }

    /**
     * Starts one more instance of {@code service} under {@code name} (e.g. a second callback-service replica), with
     * these variables on top of the platform's, and waits until it is ready.
     */
    void startInstance(String name, String service, Map<String, String> extraEnv) throws Exception {
        ports.put(name, freePort());
        launch(name, service, extraEnv);
    }

    private void launch(String name, String service, Map<String, String> extraEnv) throws Exception {
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw package)");
        }
        Path log = root.resolve("e2e/target").resolve(name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().putAll(extraEnv);
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(ports.get(name)));
        Process p = pb.start();
        processes.add(p);
        byName.put(name, p);
        awaitReady(name, log);
    }

    /** Kills an instance the hard way (SIGKILL): no shutdown hook, no release of anything it held. */
    void kill(String name) throws InterruptedException {
        Process p = byName.remove(name);
        if (p != null) {
            p.destroyForcibly();
            p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /**
     * Stops an instance gracefully (SIGTERM, as Kubernetes does after the preStop) without waiting: the process, to
     * wait for its exit.
     */
    Process terminate(String name) {
        Process p = byName.remove(name);
        if (p == null) {
            throw new IllegalStateException(name + " is not running");
        }
        p.destroy();
        return p;
    }

    private void awaitReady(String service, Path log) throws Exception {
        long end = System.currentTimeMillis() + 180_000; // a loaded 2-core machine boots a service in over 90 s
        while (System.currentTimeMillis() < end) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url(service) + "/q/health/ready").toURL().openConnection();
                c.setConnectTimeout(500);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(service + " did not become ready; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
