package io.switchboard.account.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.account.mapping.MerchantViews;
import io.switchboard.account.mapping.MerchantViews.CreateMerchantRequest;
import io.switchboard.account.mapping.MerchantViews.CreatedMerchant;
import io.switchboard.account.mapping.MerchantViews.MerchantPage;
import io.switchboard.account.mapping.MerchantViews.MerchantView;
import io.switchboard.account.mapping.MerchantViews.RateView;
import io.switchboard.account.mapping.MerchantViews.RotateWebhookSecret;
import io.switchboard.account.mapping.MerchantViews.RotatedWebhookSecret;
import io.switchboard.account.mapping.MerchantViews.UpdateMerchantRequest;
import io.switchboard.account.service.MerchantService;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin API for merchants (bearer admin token). */
@Path("/admin/merchants")
@Tag(name = "Admin")
@Produces(MediaType.APPLICATION_JSON)
public class MerchantAdminResource {
    @Inject
    MerchantService service;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a merchant; the device key and webhook secret are shown only in this response")
    public Response create(CreateMerchantRequest request) {
        CreatedMerchant created = service.create(request);
        return Response.created(URI.create("/admin/merchants/" + created.merchantId())).entity(created).build();
    }

    @GET
    public MerchantPage list(@QueryParam("page") @DefaultValue("1") @Min(1) int page,
                             @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return service.list(page, size);
    }

    @PATCH
    @Path("/{merchantId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a merchant's name, RSA key, callback URL or active flag (absent fields stay)")
    public MerchantView update(@PathParam("merchantId") String merchantId, UpdateMerchantRequest request) {
        return MerchantViews.view(service.update(merchantId, request));
    }

    @POST
    @Path("/{merchantId}/webhook-secret/rotate")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Issue a new webhook secret; the previous one keeps signing for graceSeconds (default 86400)")
    public RotatedWebhookSecret rotate(@PathParam("merchantId") String merchantId, RotateWebhookSecret request) {
        return service.rotateWebhookSecret(merchantId, request == null ? null : request.graceSeconds());
    }

    @GET
    @Path("/{merchantId}/rate")
    @Operation(summary = "A merchant's Open API rate limits: its own (null = default) and the ones in force")
    public RateView rate(@PathParam("merchantId") String merchantId) {
        return service.rateLimits(merchantId);
    }

    @PUT
    @Path("/{merchantId}/rate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a merchant's Open API rate limits {perSecond, burst, sendPerSecond, sendBurst}; "
            + "absent or null fields take the default, {} clears them all")
    public RateView setRate(@PathParam("merchantId") String merchantId, JsonNode request) {
        return service.setRateLimits(merchantId, request);
    }

    @GET
    @Path("/{merchantId}")
    public MerchantView get(@PathParam("merchantId") String merchantId) {
        return MerchantViews.view(service.get(merchantId));
    }
}
