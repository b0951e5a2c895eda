package io.switchboard.account.rest;

import io.switchboard.account.model.Merchant;
import io.switchboard.account.service.MerchantService;
import io.switchboard.common.client.MerchantKeyView;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Service-to-service look-ups (bearer internal token): how the other services' gates learn a merchant's key. */
@Path("/internal/merchants")
@Tag(name = "Internal")
@Produces(MediaType.APPLICATION_JSON)
public class InternalMerchantResource {
    @Inject
    MerchantService service;

    @GET
    @Path("/by-app/{appId}")
    public MerchantKeyView byAppId(@PathParam("appId") String appId) {
        Merchant m = service.byAppId(appId);
        return new MerchantKeyView(m.merchantId, m.appId, m.rsaPublicKey, m.active);
    }
}
