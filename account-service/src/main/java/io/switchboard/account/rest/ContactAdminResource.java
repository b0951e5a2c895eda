package io.switchboard.account.rest;

import io.switchboard.account.mapping.ContactViews.AdminContactPage;
import io.switchboard.account.service.ContactService;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin view of the contacts store (docs/API.md "Admin API"): any robot's, filtered, a page at a time by id. */
@Path("/admin/contacts")
@Tag(name = "Admin")
@Produces(MediaType.APPLICATION_JSON)
public class ContactAdminResource {
    @Inject
    ContactService contacts;

    @GET
    public AdminContactPage contacts(@QueryParam("robotSerialNo") @Size(max = 256) String robotSerialNo,
                                     @QueryParam("q") @Size(max = 256) String q,
                                     @QueryParam("relation") @Pattern(regexp = "friend|blocked|requested",
                                             message = "must be friend, blocked or requested") String relation,
                                     @QueryParam("removed") @Pattern(regexp = "true|false",
                                             message = "must be true or false") String removed,
                                     @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit,
                                     @QueryParam("after") @DefaultValue("0") @Min(0) long after) {
        if (q != null && q.isBlank()) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "q must not be blank");
        }
        return contacts.search(blankToNull(robotSerialNo), q, blankToNull(relation),
                removed == null ? null : Boolean.valueOf(removed), after, limit);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
