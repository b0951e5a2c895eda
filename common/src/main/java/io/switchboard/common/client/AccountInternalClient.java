package io.switchboard.common.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** account-service's internal API, as the other services call it (base URL: SB_ACCOUNT_URL). */
@RegisterRestClient(configKey = "account")
@Path("/internal")
@ClientHeaderParam(name = "Authorization", value = "{io.switchboard.common.client.InternalToken.header}")
public interface AccountInternalClient {

    @GET
    @Path("/merchants/by-app/{appId}")
    Response merchantByAppId(@PathParam("appId") String appId);
}
