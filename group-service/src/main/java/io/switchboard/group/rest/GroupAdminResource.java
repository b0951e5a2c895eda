package io.switchboard.group.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.group.model.StoredGroup;
import io.switchboard.group.model.StoredMember;
import io.switchboard.group.repository.GroupStore;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin queries of the group store (admin bearer token, TokenAuthFilter). */
@Path("/admin/groups")
@Tag(name = "Admin")
@Produces(MediaType.APPLICATION_JSON)
public class GroupAdminResource {
    @Inject
    GroupStore store;

    @RegisterForReflection
    public record GroupPage(List<StoredGroup> groups, long total, int page, int size) {}

    @RegisterForReflection
    public record MemberPage(String robotSerialNo, String groupId, List<StoredMember> members, int page, int size) {}

    /** Groups, optionally of one robot and/or one merchant, by robot and group id. */
    @GET
    public GroupPage groups(@QueryParam("robotSerialNo") String robot, @QueryParam("merchantId") String merchantId,
                            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(1_000_000) int page,
                            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return new GroupPage(store.adminPage(robot, merchantId, (page - 1) * size, size),
                store.adminCount(robot, merchantId), page, size);
    }

    /** A group's members, those who left included (leftAt set), by user id. */
    @GET
    @Path("/{robotSerialNo}/{groupId}/members")
    public MemberPage members(@PathParam("robotSerialNo") String robot, @PathParam("groupId") String groupId,
                              @QueryParam("page") @DefaultValue("1") @Min(1) @Max(1_000_000) int page,
                              @QueryParam("size") @DefaultValue("100") @Min(1) @Max(1000) int size) {
        if (store.find(robot, groupId).isEmpty()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "robot '" + robot + "' has no group '" + groupId + "'");
        }
        return new MemberPage(robot, groupId, store.members(robot, groupId, (page - 1) * size, size), page, size);
    }
}
