package io.switchboard.common.client;

import io.switchboard.common.client.InternalViews.GroupLinkInfo;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * group-service's internal API, as the other services call it (base URL: SB_GROUP_URL, bearer internal token).
 * Services call it through {@link GroupDirectory}, which adds timeout, retry, circuit breaker and fallback.
 */
@RegisterRestClient(configKey = "group")
@Path("/internal")
@ClientHeaderParam(name = "Authorization", value = "{io.switchboard.common.client.InternalToken.header}")
public interface GroupInternalClient {

    /** A group's LINE link info; 404 when the robot has no such group or has left it. */
    @GET
    @Path("/groups/{robotSerialNo}/{groupId}")
    GroupLinkInfo linkInfo(@PathParam("robotSerialNo") String robotSerialNo, @PathParam("groupId") String groupId);
}
