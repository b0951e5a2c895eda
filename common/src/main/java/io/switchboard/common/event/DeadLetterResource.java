package io.switchboard.common.event;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /admin/stream-dead-letters}: stream entries that could not be processed, newest first. */
@Path("/admin/stream-dead-letters")
@Tag(name = "Admin")
public class DeadLetterResource {
    @Inject
    RedisDataSource redis;

    public record DeadLetter(String id, Map<String, String> fields) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<DeadLetter> list(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        List<StreamMessage<String, String, String>> entries = redis.stream(String.class)
                .xrevrange(Streams.DEAD_LETTER, StreamRange.of("+", "-"), limit);
        return entries.stream().map(m -> new DeadLetter(m.id(), m.payload())).toList();
    }
}
