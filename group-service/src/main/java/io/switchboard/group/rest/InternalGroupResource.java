package io.switchboard.group.rest;

import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.client.InternalViews.GroupLinkInfo;
import io.switchboard.group.repository.GroupStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A group's LINE link info for message-service (docs/SOCIAL.md "Internal API"; common's GroupDirectory is the
 * client); the internal bearer token is checked by common's TokenAuthFilter for every {@code /internal/**} path.
 */
@Path("/internal/groups")
@Tag(name = "Internal")
@Produces(MediaType.APPLICATION_JSON)
public class InternalGroupResource {
    @Inject
    GroupStore store;

    /** 404 when the robot has no such group, or has left it (it cannot send there). */
    @GET
    @Path("/{robotSerialNo}/{groupId}")
    public GroupLinkInfo linkInfo(@PathParam("robotSerialNo") String robot, @PathParam("groupId") String groupId) {
        return store.find(robot, groupId).filter(g -> !g.left())
                .map(g -> new GroupLinkInfo(g.groupId(), g.groupKey(), g.groupTagB(), g.ownerUserId(), g.ownerTagB(),
                        g.name()))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "robot '" + robot + "' is in no group '"
                        + groupId + "'"));
    }
}
