package io.switchboard.callback.rest;

import io.switchboard.callback.command.CommandStatus;
import io.switchboard.callback.command.CommandStore;
import io.switchboard.callback.command.CommandViews;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /admin/commands}: what was asked of robots and how it went. Never the (encrypted) content. */
@Path("/admin/commands")
@Tag(name = "Admin")
@Produces(MediaType.APPLICATION_JSON)
public class CommandAdminResource {
    @Inject
    CommandStore store;
    @Inject
    CommandViews views;

    @GET
    @Transactional
    public List<CommandViews.AdminView> list(@QueryParam("robotSerialNo") String robotSerialNo,
                                            @QueryParam("linkKey") String linkKey,
                                            @QueryParam("deviceNo") String deviceNo,
                                            @QueryParam("status") String status,
                                            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        // deviceNo is the LINE device's name for its link key, kept for admins' scripts.
        String link = blankToNull(linkKey) != null ? linkKey : blankToNull(deviceNo);
        return store.search(blankToNull(robotSerialNo), link, status(status), limit).stream()
                .map(views::admin).toList();
    }

    @GET
    @Path("/{serialNo}")
    @Transactional
    public CommandViews.AdminView one(@PathParam("serialNo") String serialNo) {
        return store.find(serialNo).map(views::admin)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "command '" + serialNo + "' not found"));
    }

    private static CommandStatus status(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return CommandStatus.valueOf(s.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("status must be one of " + Arrays.toString(CommandStatus.values()));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
