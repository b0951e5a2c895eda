package io.switchboard.callback.webhook;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /admin/webhook-endpoints}: merchant endpoints disabled by a 410 Gone, and their re-enabling. */
@Path("/admin/webhook-endpoints")
@Tag(name = "Admin")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookEndpointAdminResource {
    /** Answer of a re-enable: how many parked deliveries were queued again. */
    @RegisterForReflection
    public record Enabled(String merchantId, int replayed) {}

    @Inject
    WebhookEndpointRepository endpoints;
    @Inject
    WebhookDeliveryService deliveries;

    @GET
    @Operation(summary = "Merchant webhook endpoints disabled because they answered 410 Gone, newest first")
    public List<WebhookEndpointRepository.Disabled> disabled() {
        return endpoints.all();
    }

    @POST
    @Path("/{merchantId}/enable")
    @Operation(summary = "Re-enable a merchant's endpoint after a 410 Gone and queue its parked deliveries again")
    public Enabled enable(@PathParam("merchantId") String merchantId) {
        int n = deliveries.enableEndpoint(merchantId);
        if (n < 0) {
            throw new ApiException(ErrorCode.NOT_FOUND, "the webhook endpoint of merchant '" + merchantId
                    + "' is not disabled");
        }
        return new Enabled(merchantId, n);
    }
}
