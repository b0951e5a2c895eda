package io.switchboard.message.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.api.Formats;
import io.switchboard.message.config.MessageConfig;
import io.switchboard.message.mapping.MessageViews;
import io.switchboard.message.mapping.MessageViews.AdminMessage;
import io.switchboard.message.mapping.MessageViews.AdminPage;
import io.switchboard.message.model.MessageState;
import io.switchboard.message.model.RobotQueue;
import io.switchboard.message.model.StoredMessage;
import io.switchboard.message.repository.MessageStore;
import io.switchboard.message.repository.MessageStore.Filter;
import io.switchboard.message.service.MessageService;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Admin view of the messages (admin bearer token, TokenAuthFilter; docs/API.md "Admin API"): outbound messages newest
 * first with filters and keyset pages, one message, and a robot's queue with its own pacing interval.
 */
@Path("/admin/messages")
@Tag(name = "Admin")
@Produces(MediaType.APPLICATION_JSON)
public class MessageAdminResource {
    /** The {@code after} cursor: the last row's created_at (epoch microseconds) and seq. */
    static final String CURSOR = "\\d{1,19}\\.\\d{1,19}";
    /** The longest per-robot interval an admin may set: one hour. */
    static final int MAX_INTERVAL_MS = 3_600_000;

    @Inject
    MessageStore store;
    @Inject
    MessageService messages;
    @Inject
    MessageConfig config;
    @Inject
    ObjectMapper json;

    /** A robot's queue: how far it is, and the pacing interval in force. */
    @RegisterForReflection
    public record QueueView(String robotSerialNo, int pending, String inFlightSerialNo, Instant inFlightDeadline,
                            Instant nextDispatchAt, Integer intervalMs, long effectiveIntervalMs) {}

    /** {@code intervalMs}: the robot's own pacing interval, 0 (off) … 3,600,000; null: back to the default. */
    @RegisterForReflection
    public record Pacing(@Min(0) @Max(MAX_INTERVAL_MS) Integer intervalMs) {}

    @GET
    public AdminPage list(@QueryParam("robotSerialNo") @Size(max = 256) String robot,
                          @QueryParam("targetId") @Size(max = 256) String targetId,
                          @QueryParam("state") @Pattern(regexp = "QUEUED|DISPATCHED|SENT|FAILED",
                                  message = "must be QUEUED, DISPATCHED, SENT or FAILED") String state,
                          @QueryParam("from") String from, @QueryParam("to") String to,
                          @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit,
                          @QueryParam("after") @Pattern(regexp = CURSOR,
                                  message = "must be the next value of the previous page") String after) {
        Instant afterAt = null;
        Long afterSeq = null;
        if (after != null) {
            String[] p = after.split("\\.");
            long micros = Long.parseLong(p[0]);
            afterAt = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
            afterSeq = Long.parseLong(p[1]);
        }
        Filter f = new Filter(blankToNull(robot), blankToNull(targetId),
                state == null ? null : MessageState.valueOf(state), instant("from", from), instant("to", to), afterAt,
                afterSeq);
        List<StoredMessage> rows = store.page(f, limit);
        String next = null;
        if (rows.size() == limit) {
            StoredMessage last = rows.get(rows.size() - 1);
            Instant t = last.createdAt();
            next = (t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000) + "." + last.seq();
        }
        return new AdminPage(rows.stream().map(m -> MessageViews.admin(m, groupInfo(m), null)).toList(), next);
    }

    @GET
    @Path("/{serialNo}")
    public AdminMessage one(@PathParam("serialNo") String serialNo) {
        StoredMessage m = (Formats.isId(serialNo) ? store.find(serialNo) : Optional.<StoredMessage>empty())
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "message '" + serialNo + "' not found"));
        return MessageViews.admin(m, groupInfo(m), messages.queueCount(m));
    }

    @GET
    @Path("/robots/{robotSerialNo}")
    public QueueView queue(@PathParam("robotSerialNo") String robot) {
        return view(robot, store.queue(robot).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND,
                "robot '" + robot + "' has no message queue")));
    }

    /** Sets the robot's own pacing interval (from its next result on); {@code null} restores the default. */
    @PUT
    @Path("/robots/{robotSerialNo}/pacing")
    @Consumes(MediaType.APPLICATION_JSON)
    public QueueView pacing(@PathParam("robotSerialNo") String robot, @NotNull @Valid Pacing body) {
        if (!Formats.isRobotSerial(robot)) {
            throw ApiException.invalid("robotSerialNo must be 1-256 characters without control characters");
        }
        RobotQueue q = QuarkusTransaction.requiringNew().call(() -> store.setInterval(robot, body.intervalMs()));
        return view(robot, q);
    }

    private QueueView view(String robot, RobotQueue q) {
        long effective = q.intervalMs() != null ? q.intervalMs() : config.pacing().interval().toMillis();
        return new QueueView(robot, q.pending(), q.inFlightSerialNo(), q.inFlightDeadline(), q.nextDispatchAt(),
                q.intervalMs(), effective);
    }

    private JsonNode groupInfo(StoredMessage m) {
        if (m.groupInfo() == null) {
            return null;
        }
        try {
            return json.readTree(m.groupInfo());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name + " must be an ISO-8601 instant such as 2026-01-31T16:00:00Z");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
