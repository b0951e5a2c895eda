package io.switchboard.callback.driver.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.callback.command.CommandContent;
import io.switchboard.callback.command.CommandRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.switchboard.callback.config.CallbackConfig;
import io.switchboard.callback.link.RobotInbound;
import io.switchboard.common.web.WebhookUrlPolicy;
import java.net.URI;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * What every engine driver shares and nothing protocol-specific: the threads engine links run on (one serial lane per
 * link over a shared pool, one timer), the settings, the seam's inbound side, and the frame counters
 * ({@code sb_engine_frames_total{protocol,kind}}: unknown_correlation, malformed).
 */
@ApplicationScoped
public class EngineRuntime {
    private static final Logger LOG = Logger.getLogger(EngineRuntime.class);

    @Inject
    CallbackConfig config;
    @Inject
    RobotInbound inbound;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry meters;
    @Inject
    WebhookUrlPolicy policy;
    @Inject
    CommandContent content;

    private final ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "sb-engine");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sb-engine-timer");
        t.setDaemon(true);
        return t;
    });

    public CallbackConfig.Engines config() {
        return config.engines();
    }

    public RobotInbound inbound() {
        return inbound;
    }

    /** A command's unified content, decrypted (never log it). */
    public ObjectNode content(CommandRecord c) {
        return content.of(c);
    }

    public ScheduledExecutorService timer() {
        return timer;
    }

    /** A lane that runs one link's tasks in order. */
    public Executor lane() {
        return new SerialExecutor(pool);
    }

    public Backoff backoff() {
        return new Backoff(config.engines().backoffBase(), config.engines().backoffCap());
    }

    /**
     * Refuses an engine address the webhook URL policy refuses (metadata and link-local always; loopback and private
     * ranges unless allowed), checked after resolution at every connect; the message says which rule.
     */
    public void guard(URI engine) {
        policy.checkResolved(engine.getHost(), "engine_url");
    }

    /** The frame as JSON, or null (logged and counted) when it is not a JSON object. */
    public JsonNode parse(String protocol, String link, String frame) {
        try {
            JsonNode n = json.readTree(frame);
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (Exception e) {
            // fall through: counted below
        }
        malformed(protocol, link, frame);
        return null;
    }

    public void malformed(String protocol, String link, String frame) {
        count(protocol, "malformed");
        LOG.warnf("%s link %s sent a frame that is not a JSON object of the expected shape; ignored: %s", protocol,
                link, frame == null ? "null" : frame.length() > 200 ? frame.substring(0, 200) + "…" : frame);
    }

    public void unknownCorrelation(String protocol, String link, String id) {
        count(protocol, "unknown_correlation");
        LOG.debugf("%s link %s answered %s, which no request or command waits for; ignored", protocol, link, id);
    }

    public double count(String protocol, String kind) {
        var counter = meters.counter("sb_engine_frames_total", "protocol", protocol, "kind", kind);
        counter.increment();
        return counter.count();
    }

    public double counted(String protocol, String kind) {
        return meters.counter("sb_engine_frames_total", "protocol", protocol, "kind", kind).count();
    }

    public ObjectMapper json() {
        return json;
    }

    void shutdown(@Observes ShutdownEvent ev) {
        timer.shutdownNow();
        pool.shutdownNow();
    }
}
