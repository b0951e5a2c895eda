package io.switchboard.common.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.common.api.Ids;
import io.switchboard.common.config.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs one {@link StreamConsumer} thread per {@link EventHandler} bean of this service. The consumer group is
 * the service's name; the consumer name is unique per process, so replicas share the work.
 */
@ApplicationScoped
public class StreamConsumers {
    private static final Logger LOG = Logger.getLogger(StreamConsumers.class);

    @Inject
    @Any
    Instance<EventHandler> handlers;
    @Inject
    RedisDataSource redis;
    @Inject
    ObjectMapper json;
    @Inject
    Inbox inbox;
    @Inject
    DeadLetters deadLetters;
    @Inject
    SwitchboardConfig config;
    @ConfigProperty(name = "quarkus.application.name")
    String group;

    private final String consumerName = hostName() + "-" + Ids.random("", 4);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    void start(@Observes StartupEvent ev) {
        if (!config.streams().consume()) {
            return;
        }
        running = true;
        for (EventHandler h : handlers) {
            StreamConsumer c = create(h);
            Thread t = Thread.ofPlatform().daemon().name("sb-consumer-" + h.stream()).start(() -> loop(c));
            threads.add(t);
        }
    }

    public StreamConsumer create(EventHandler handler) {
        return new StreamConsumer(redis, json, inbox, deadLetters, handler, group, consumerName, config.streams());
    }

    private void loop(StreamConsumer c) {
        long nextReclaim = 0;
        Duration backoff = Duration.ofMillis(500);
        while (running) {
            try {
                c.ensureGroup();
                while (running) {
                    c.pollOnce(config.streams().block());
                    if (System.currentTimeMillis() >= nextReclaim) {
                        c.reclaimOnce();
                        nextReclaim = System.currentTimeMillis() + config.streams().reclaimIdle().toMillis() / 2;
                    }
                    backoff = Duration.ofMillis(500);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("consumer of %s failed, retrying in %d ms: %s", c.stream(), backoff.toMillis(), e.toString());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                        : backoff.multipliedBy(2);
            }
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        running = false;
        for (Thread t : threads) {
            t.interrupt();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        return h == null || h.isBlank() ? "local" : h;
    }
}
