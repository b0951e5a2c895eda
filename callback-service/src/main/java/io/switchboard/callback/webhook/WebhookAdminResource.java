package io.switchboard.callback.webhook;

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
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /admin/deliveries}: merchant webhook deliveries, their attempts, and replay (admin bearer token). */
@Path("/admin/deliveries")
@Tag(name = "Admin")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookAdminResource {
    @Inject
    WebhookAdminService admin;

    @GET
    @Operation(summary = "List webhook deliveries, newest first")
    public List<DeliveryView> list(@QueryParam("merchantId") String merchantId,
                                   @QueryParam("status") String status,
                                   @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return admin.list(merchantId, status, limit);
    }

    @GET
    @Path("/{id: \\d+}")
    @Operation(summary = "One delivery with the body sent and every attempt")
    public DeliveryView get(@PathParam("id") long id) {
        return admin.get(id);
    }

    @POST
    @Path("/{id: \\d+}/replay")
    @Operation(summary = "Send a delivery again now (a DEAD or SUCCEEDED one starts a new retry schedule)")
    public Response replay(@PathParam("id") long id) {
        return Response.accepted(admin.replay(id)).build();
    }

    @POST
    @Path("/replay")
    @Operation(summary = "Replay the DEAD deliveries created in [from, to), optionally of one merchant")
    public DeliveryView.Replayed replayRange(@QueryParam("merchantId") String merchantId,
                                             @QueryParam("from") String from,
                                             @QueryParam("to") String to) {
        return admin.replayDead(merchantId, from, to);
    }
}
