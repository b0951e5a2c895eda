package io.switchboard.common.event;

import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.event.DeadLetters.DeadLetter;
import io.switchboard.common.event.DeadLetters.Replayed;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /admin/stream-dead-letters}: the stream entries this service's consumers could not process (its own
 * {@code dead_letter} table), newest first, and their replay, one by one or in bulk. A replayed entry goes back onto
 * its stream with its original event (same id, so a consumer that did process it after all still applies it once).
 */
@Path("/admin/stream-dead-letters")
@Tag(name = "Admin")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {
    @Inject
    DeadLetters deadLetters;

    public record Bulk(int replayed, List<Replayed> entries) {}

    @GET
    public List<DeadLetter> list(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit,
                                 @QueryParam("stream") String stream,
                                 @QueryParam("replayed") @DefaultValue("false") boolean withReplayed) {
        return deadLetters.list(stream, withReplayed, limit);
    }

    @POST
    @Path("/{id}/replay")
    @Operation(summary = "Put a dead-lettered event back on its stream (once the cause is fixed)")
    public Replayed replay(@PathParam("id") String id) {
        if (!id.matches("\\d{1,18}")) {
            throw ApiException.invalid("id must be a dead letter id (a number, as listed)");
        }
        return deadLetters.replay(Long.parseLong(id))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no dead letter " + id + " waiting for replay"));
    }

    @POST
    @Path("/replay")
    @Operation(summary = "Put the oldest dead-lettered events (of one stream, if given) back on their streams")
    public Bulk replayAll(@QueryParam("stream") String stream,
                          @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        List<Replayed> done = deadLetters.replayAll(stream, limit);
        return new Bulk(done.size(), done);
    }
}
