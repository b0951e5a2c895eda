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
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Admin queries of the group store (admin bearer token, TokenAuthFilter). Keyset pages (docs/API.md "Paging"): a
 * robot's groups and members change while an admin pages through them, and an offset would skip or repeat rows.
 */
@Path("/admin/groups")
@Tag(name = "Admin")
@Produces(MediaType.APPLICATION_JSON)
public class GroupAdminResource {
    @Inject
    GroupStore store;

    @RegisterForReflection
    public record GroupPage(List<StoredGroup> groups, long total, String next) {}

    @RegisterForReflection
    public record MemberPage(String robotSerialNo, String groupId, List<StoredMember> members, String next) {}

    /**
     * Groups, optionally of one robot and/or one merchant, by robot and group id; {@code after} is the previous
     * page's {@code next} (an opaque cursor naming the last row's robot and group).
     */
    @GET
    public GroupPage groups(@QueryParam("robotSerialNo") String robot, @QueryParam("merchantId") String merchantId,
                            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit,
                            @QueryParam("after") @Size(max = 1024) String after,
                            @QueryParam("page") String page, @QueryParam("size") String size) {
        noOffsets(page, size);
        String[] cursor = after == null || after.isEmpty() ? null : cursor(after);
        List<StoredGroup> rows = store.adminPage(robot, merchantId, cursor == null ? null : cursor[0],
                cursor == null ? null : cursor[1], limit + 1);
        boolean more = rows.size() > limit;
        List<StoredGroup> groups = more ? rows.subList(0, limit) : rows;
        return new GroupPage(groups, store.adminCount(robot, merchantId),
                more ? cursor(groups.getLast().robotSerialNo(), groups.getLast().groupId()) : null);
    }

    /** A group's members, those who left included (leftAt set), by user id; {@code after}: the previous {@code next}. */
    @GET
    @Path("/{robotSerialNo}/{groupId}/members")
    public MemberPage members(@PathParam("robotSerialNo") String robot, @PathParam("groupId") String groupId,
                              @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit,
                              @QueryParam("after") @Size(max = 256) String after,
                              @QueryParam("page") String page, @QueryParam("size") String size) {
        noOffsets(page, size);
        if (store.find(robot, groupId).isEmpty()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "robot '" + robot + "' has no group '" + groupId + "'");
        }
        List<StoredMember> rows = store.members(robot, groupId, after, limit + 1);
        boolean more = rows.size() > limit;
        List<StoredMember> members = more ? rows.subList(0, limit) : rows;
        return new MemberPage(robot, groupId, members, more ? members.getLast().userId() : null);
    }

    /** The old offset parameters would otherwise be ignored silently and always give the first page. */
    private static void noOffsets(String page, String size) {
        if (page != null || size != null) {
            throw ApiException.invalid("page and size are not parameters here: pages are keyset, limit and after "
                    + "(the previous answer's next), docs/API.md \"Paging\"");
        }
    }

    /** The cursor after a row: its robot and group id, base64url (no NUL can be in either: the store strips it). */
    static String cursor(String robot, String groupId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((robot + '\0' + groupId).getBytes(StandardCharsets.UTF_8));
    }

    static String[] cursor(String after) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
            int nul = s.indexOf('\0');
            if (nul > 0) {
                return new String[] {s.substring(0, nul), s.substring(nul + 1)};
            }
        } catch (IllegalArgumentException e) {
            // not base64url: refused below
        }
        throw ApiException.invalid("after must be the next of a previous page");
    }
}
