package io.switchboard.common.event;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /admin/stream-dead-letters}: stream entries that could not be processed, newest first, and their
 * replay. A replayed entry goes back onto its stream with its original event (same id, so a consumer that did
 * process it after all still applies it once) and leaves the dead-letter stream.
 */
@Path("/admin/stream-dead-letters")
@Tag(name = "Admin")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {
    @Inject
    RedisDataSource redis;

    public record DeadLetter(String id, Map<String, String> fields) {}

    public record Replayed(String deadLetterId, String stream, String newEntryId) {}

    @GET
    public List<DeadLetter> list(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        List<StreamMessage<String, String, String>> entries = redis.stream(String.class)
                .xrevrange(Streams.DEAD_LETTER, StreamRange.of("+", "-"), limit); // XREVRANGE takes end first
        return entries.stream().map(m -> new DeadLetter(m.id(), m.payload())).toList();
    }

    @POST
    @Path("/{id}/replay")
    @Operation(summary = "Put a dead-lettered event back on its stream (once the cause is fixed)")
    public Replayed replay(@PathParam("id") String id) {
        if (!id.matches("\\d+-\\d+")) {
            throw ApiException.invalid("id must be a stream entry id such as 1700000000000-0");
        }
        var streams = redis.stream(String.class);
        List<StreamMessage<String, String, String>> found = streams.xrange(Streams.DEAD_LETTER, StreamRange.of(id, id));
        if (found.isEmpty()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no dead letter " + id);
        }
        Map<String, String> fields = found.get(0).payload();
        String stream = fields.get("stream");
        String event = fields.get(Streams.FIELD_EVENT);
        if (stream == null || event == null || "null".equals(event)) {
            throw new ApiException(ErrorCode.CONFLICT, "dead letter " + id + " has no stream or event to replay");
        }
        String newId = streams.xadd(stream, Map.of(Streams.FIELD_EVENT, event));
        streams.xdel(Streams.DEAD_LETTER, id);
        return new Replayed(id, stream, newId);
    }
}
