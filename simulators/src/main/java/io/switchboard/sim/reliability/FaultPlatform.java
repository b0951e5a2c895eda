package io.switchboard.sim.reliability;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The platform a fault run works on: its own PostgreSQL and Redis ({@link Stores}) and the packaged services, with
 * two callback-service replicas ({@code callback-a}, {@code callback-b}). Timings are scaled down so a run is
 * bounded: links lapse in 4 s, webhook retries over about 4 min, an open merchant circuit holds 5 s, a robot
 * silent for 10 s is offline.
 */
public final class FaultPlatform implements AutoCloseable {
    public static final String ACCOUNT = "account-service";
    public static final String MESSAGE = "message-service";
    public static final String GROUP = "group-service";
    public static final String CALLBACK_A = "callback-a";
    public static final String CALLBACK_B = "callback-b";

    /** The settings every service gets on top of its defaults (docs/RELIABILITY.md "Fault runs"). */
    public static final Map<String, String> SCALED = Map.of(
            "SWITCHBOARD_CALLBACK_LINKS_LEASE_TTL", "4s",
            "SWITCHBOARD_CALLBACK_LINKS_RENEW_INTERVAL", "1s",
            "SWITCHBOARD_CALLBACK_LINKS_TAKEOVER_INTERVAL", "1s",
            "SWITCHBOARD_CALLBACK_LINKS_REDISPATCH_INTERVAL", "1s",
            "SWITCHBOARD_WEBHOOKS_RETRY_SCHEDULE", "0s,1s,2s,5s,10s,15s,20s,30s,30s,30s,30s,30s,30s",
            "SWITCHBOARD_WEBHOOKS_BREAKER_OPEN_FOR", "5s",
            // The devices beat every 2 s; a robot silent for 10 s is reported offline (1007 nstate 1).
            "SWITCHBOARD_CALLBACK_PRESENCE_ROBOT_OFFLINE_AFTER", "10s");

    public final Stores stores;
    public final Services services;

    private FaultPlatform(Stores stores, Services services) {
        this.stores = stores;
        this.services = services;
    }

    /** Starts the stores, then account-, message-, group-service and two callback-service replicas. */
    public static FaultPlatform start(Path root, Path logDir, PrintStream log) throws IOException, InterruptedException {
        Stores stores = Stores.start(log);
        log.printf("private PostgreSQL on 127.0.0.1:%d, Redis on 127.0.0.1:%d (%s)%n", stores.pgPort, stores.redisPort,
                stores.dir());
        Map<String, String> env = new LinkedHashMap<>(stores.serviceEnv());
        env.putAll(SCALED);
        Services services = new Services(root, logDir, env);
        FaultPlatform p = new FaultPlatform(stores, services);
        try {
            Map<String, String> instances = new LinkedHashMap<>();
            instances.put(ACCOUNT, "account-service");
            instances.put(MESSAGE, "message-service");
            instances.put(GROUP, "group-service");
            instances.put(CALLBACK_A, "callback-service");
            instances.put(CALLBACK_B, "callback-service");
            services.start(instances, Map.of(CALLBACK_A, Map.of("HOSTNAME", "callback-a"),
                    CALLBACK_B, Map.of("HOSTNAME", "callback-b")));
            log.printf("services ready: %s (logs in %s)%n", services.names(), logDir);
            return p;
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    @Override
    public void close() {
        services.close();
        stores.close();
    }
}
