package io.switchboard.common.client;

import io.switchboard.common.client.InternalViews.DeviceView;
import io.switchboard.common.client.InternalViews.PhoneCode;
import io.switchboard.common.client.InternalViews.RobotRef;
import io.switchboard.common.client.InternalViews.TakePhoneCode;
import io.switchboard.common.client.InternalViews.WebhookTarget;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * account-service's internal API, as the other services call it (base URL: SB_ACCOUNT_URL, bearer internal
 * token). Not-found answers 404, which the REST client raises as a WebApplicationException. Services call it
 * through {@link AccountDirectory}, which adds timeout, retry, circuit breaker and a fallback cache.
 */
@RegisterRestClient(configKey = "account")
@Path("/internal")
@ClientHeaderParam(name = "Authorization", value = "{io.switchboard.common.client.InternalToken.header}")
public interface AccountInternalClient {

    @GET
    @Path("/merchants/by-app/{appId}")
    Response merchantByAppId(@PathParam("appId") String appId);

    @GET
    @Path("/merchants/{merchantId}/webhook")
    WebhookTarget webhookTarget(@PathParam("merchantId") String merchantId);

    @GET
    @Path("/devices/{deviceNo}")
    DeviceView device(@PathParam("deviceNo") String deviceNo);

    @GET
    @Path("/robots/{robotSerialNo}")
    RobotRef robot(@PathParam("robotSerialNo") String robotSerialNo);

    /**
     * The SMS code submitted for login command {@code serialNo}, consumed by this call; 404 while none. A repeat
     * with the same {@code requestId} gets the same code again (so the call may be retried).
     */
    @POST
    @Path("/robots/{robotSerialNo}/phone-code/take")
    @Consumes(MediaType.APPLICATION_JSON)
    PhoneCode takePhoneCode(@PathParam("robotSerialNo") String robotSerialNo, TakePhoneCode request);
}
