package io.switchboard.callback.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/** How commands are shown: to merchants ({@code getTask}) and to admins. Neither ever includes the content. */
@ApplicationScoped
public class CommandViews {
    @Inject
    ObjectMapper json;

    /** getTask's data; times in epoch ms like the rest of the Open API. Serialised via Object: native needs the hint. */
    @RegisterForReflection
    public record TaskView(String vcSerialNo, String vcRobotSerialNo, String operation, String status, String reason,
                           JsonNode result, Long createdAt, Long pushedAt, Long completedAt) {}

    @RegisterForReflection
    public record AdminView(long seq, String serialNo, String merchantId, String robotSerialNo, String protocol,
                            String linkKey, String operation, String correlationId, String phone, String status,
                            String reason, JsonNode result, boolean hasContent, Instant createdAt, Instant pushedAt,
                            Instant deadlineAt, Instant completedAt) {}

    public TaskView task(CommandRecord c) {
        return new TaskView(c.serialNo, c.robotSerialNo, c.operation, c.status.name(), c.reason, result(c),
                millis(c.createdAt), millis(c.pushedAt), millis(c.completedAt));
    }

    public AdminView admin(CommandRecord c) {
        return new AdminView(c.seq, c.serialNo, c.merchantId, c.robotSerialNo, c.protocol, c.linkKey, c.operation,
                c.correlationId, c.phone, c.status.name(), c.reason, result(c), c.contentEnc != null, c.createdAt, c.pushedAt,
                c.deadlineAt, c.completedAt);
    }

    private JsonNode result(CommandRecord c) {
        if (c.result == null) {
            return null;
        }
        try {
            return json.readTree(c.result);
        } catch (Exception e) {
            return json.getNodeFactory().textNode(c.result);
        }
    }

    private static Long millis(Instant i) {
        return i == null ? null : i.toEpochMilli();
    }
}
