package io.switchboard.common.event;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /admin/outbox}: this service's outbox backlog (pending rows, oldest first) and recent rows. */
@Path("/admin/outbox")
@Tag(name = "Admin")
public class OutboxAdminResource {
    @Inject
    EntityManager em;

    public record Row(long seq, String eventId, String stream, String type, Instant createdAt, Instant publishedAt) {}

    public record Backlog(long pending, List<Row> rows) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    public Backlog list(@QueryParam("pendingOnly") @DefaultValue("true") boolean pendingOnly,
                        @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        long pending = em.createQuery("select count(o) from OutboxEvent o where o.publishedAt is null", Long.class)
                .getSingleResult();
        String q = pendingOnly ? "from OutboxEvent o where o.publishedAt is null order by o.seq"
                : "from OutboxEvent o order by o.seq desc";
        List<Row> rows = em.createQuery(q, OutboxEvent.class).setMaxResults(limit).getResultList().stream()
                .map(o -> new Row(o.seq, o.eventId.toString(), o.stream, o.eventType, o.createdAt, o.publishedAt))
                .toList();
        return new Backlog(pending, rows);
    }
}
