package io.switchboard.sim.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged services ({@code <module>/target/quarkus-app/quarkus-run.jar}) as processes on free loopback ports,
 * one name per instance (two callback-service replicas are {@code callback-a} and {@code callback-b}). An instance
 * can be killed with SIGKILL and started again on its port with its environment.
 */
public final class Services implements AutoCloseable {
    public static final String ADMIN_TOKEN = "reliability-admin-token";
    public static final String INTERNAL_TOKEN = "reliability-internal-token";
    static final String CRYPTO_KEY = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private record Instance(String service, int port, Map<String, String> env) {}

    private final Path root;
    private final Path logDir;
    private final Map<String, String> env = new HashMap<>();
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Map<String, Process> running = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** @param root the checkout; {@code logDir} gets one log per instance (appended across restarts) */
    public Services(Path root, Path logDir, Map<String, String> env) {
        this.root = root;
        this.logDir = logDir;
        this.env.put("SB_ADMIN_TOKEN", ADMIN_TOKEN);
        this.env.put("SB_INTERNAL_TOKEN", INTERNAL_TOKEN);
        this.env.put("SB_CRYPTO_KEYS", CRYPTO_KEY);
        this.env.put("SB_LOCAL_MODE", "true");
        this.env.putAll(env);
    }

    /** Declares instances (name → service) and their ports, so each knows where the others are, then starts them. */
    public void start(Map<String, String> nameToService, Map<String, Map<String, String>> extraEnv)
            throws IOException, InterruptedException {
        // A free port is only free when it is picked: another process can take it before the service binds it.
        // Then everything starts again on new ports (the instances know each other's URLs).
        for (int attempt = 1; ; attempt++) {
            try {
                startOnce(nameToService, extraEnv);
                return;
            } catch (IllegalStateException e) {
                if (attempt == 3 || !portTaken()) {
                    throw e;
                }
                close();
            }
        }
    }

    private boolean portTaken() {
        for (String name : instances.keySet()) {
            try {
                Path log = logDir.resolve(name + ".log");
                if (Files.exists(log) && Files.readString(log).contains("seems to be in use by another process")) {
                    Files.move(log, logDir.resolve(name + ".port-taken.log"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    return true;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    private void startOnce(Map<String, String> nameToService, Map<String, Map<String, String>> extraEnv)
            throws IOException, InterruptedException {
        instances.clear();
        for (var e : nameToService.entrySet()) {
            instances.put(e.getKey(), new Instance(e.getValue(), Stores.freePort(),
                    extraEnv.getOrDefault(e.getKey(), Map.of())));
        }
        // The first instance of each service is the one the others call (as bin/up's fixed ports).
        Map<String, String> vars = Map.of("account-service", "SB_ACCOUNT_URL", "message-service", "SB_MESSAGE_URL",
                "group-service", "SB_GROUP_URL", "callback-service", "SB_CALLBACK_URL");
        vars.values().forEach(env::remove);
        for (var e : instances.entrySet()) {
            env.putIfAbsent(vars.get(e.getValue().service()), url(e.getKey()));
        }
        // One at a time: five JVMs booting at once on a small machine time out on their first connections.
        for (String name : nameToService.keySet()) {
            launch(name);
            awaitReady(name, Duration.ofSeconds(180));
        }
    }

    public String url(String name) {
        Instance i = instances.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no instance " + name);
        }
        return "http://127.0.0.1:" + i.port();
    }

    public List<String> names() {
        return List.copyOf(instances.keySet());
    }

    private void launch(String name) throws IOException {
        Instance i = instances.get(name);
        Path jar = root.resolve(i.service()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw -B -o package -DskipTests)");
        }
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx384m", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        pb.environment().putAll(i.env());
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(i.port()));
        running.put(name, pb.start());
    }

    /** SIGKILL: no shutdown hook runs, nothing is released or finished. */
    public void kill9(String name) throws InterruptedException {
        Process p = running.remove(name);
        if (p != null) {
            p.destroyForcibly(); // SIGKILL on Linux
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** Starts a stopped instance again on its port and waits until it is ready. */
    public void restart(String name) throws IOException, InterruptedException {
        if (running.containsKey(name) && running.get(name).isAlive()) {
            return;
        }
        launch(name);
        awaitReady(name, Duration.ofSeconds(180));
    }

    public boolean alive(String name) {
        Process p = running.get(name);
        return p != null && p.isAlive();
    }

    public boolean ready(String name) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url(name) + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until every running instance is ready. */
    public void awaitAllReady(Duration timeout) throws InterruptedException {
        for (String name : running.keySet()) {
            awaitReady(name, timeout);
        }
    }

    void awaitReady(String name, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (ready(name)) {
                return;
            }
            Process p = running.get(name);
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + logDir.resolve(name + ".log"));
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " did not become ready in " + timeout.toSeconds() + " s; see "
                + logDir.resolve(name + ".log"));
    }

    @Override
    public void close() {
        for (Process p : running.values()) {
            p.destroy();
        }
        for (Process p : running.values()) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
    }
}
