package io.switchboard.callback.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.callback.link.LinkLeases;
import io.switchboard.callback.link.RobotLink;
import io.switchboard.callback.link.RobotLinks;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /admin/links}: which robot uses which link (the {@code robot_link} table) and which live replica owns each
 * link right now ({@code owner} null: nobody, e.g. a device that is offline or whose replica died).
 */
@Path("/admin/links")
@Tag(name = "Admin")
@Produces(MediaType.APPLICATION_JSON)
public class LinkAdminResource {
    @Inject
    RobotLinks links;
    @Inject
    LinkLeases leases;

    @RegisterForReflection
    public record LinkView(String robotSerialNo, String merchantId, String protocol, String linkKey, String engineUrl,
                           String desired, Instant lostAt, Instant updatedAt, String owner) {}

    @GET
    @Transactional
    public List<LinkView> list(@QueryParam("robotSerialNo") String robotSerialNo,
                               @QueryParam("protocol") String protocol,
                               @QueryParam("linkKey") String linkKey,
                               @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        List<RobotLink> rows = links.search(blankToNull(robotSerialNo), blankToNull(protocol), blankToNull(linkKey), limit);
        List<String> owners = rows.isEmpty() ? List.of() : leases.liveOwners(rows.stream().map(RobotLink::link).toList());
        return java.util.stream.IntStream.range(0, rows.size()).mapToObj(i -> {
            RobotLink l = rows.get(i);
            return new LinkView(l.robotSerialNo, l.merchantId, l.protocol, l.linkKey, l.engineUrl, l.desired, l.lostAt,
                    l.updatedAt, owners.get(i));
        }).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
