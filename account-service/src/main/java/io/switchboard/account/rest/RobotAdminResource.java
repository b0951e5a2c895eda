package io.switchboard.account.rest;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.switchboard.account.mapping.RobotViews;
import io.switchboard.account.model.Device;
import io.switchboard.account.model.RobotStateChange;
import io.switchboard.account.repository.DeviceRepository;
import io.switchboard.account.repository.RobotRepository;
import io.switchboard.account.repository.RobotStateChangeRepository;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Admin queries of robots (with their state history) and devices. No secrets are shown. */
@Path("/admin")
@Tag(name = "Admin")
@Produces(MediaType.APPLICATION_JSON)
public class RobotAdminResource {
    @Inject
    RobotRepository robots;
    @Inject
    DeviceRepository devices;
    @Inject
    RobotStateChangeRepository history;

    public record RobotDetail(RobotViews.RobotView robot, String merchantId, String deviceNo, String stateReason,
                              String loginSerialNo, List<RobotStateChange> history) {}

    @GET
    @Path("/robots")
    @Transactional
    public List<RobotViews.RobotView> robots(@QueryParam("merchantId") String merchantId,
                                             @QueryParam("page") @DefaultValue("1") @Min(1) int page,
                                             @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        var q = merchantId == null ? robots.findAll(Sort.by("id")) : robots.find("merchantId", Sort.by("id"), merchantId);
        return q.page(Page.of(page - 1, size)).list().stream().map(RobotViews::view).toList();
    }

    @GET
    @Path("/robots/{robotSerialNo}")
    @Transactional
    public RobotDetail robot(@PathParam("robotSerialNo") String serial) {
        var r = robots.findBySerialNo(serial)
                .orElseThrow(() -> new ApiException(ErrorCode.ROBOT_NOT_FOUND, "robot '" + serial + "' not found"));
        return new RobotDetail(RobotViews.view(r), r.merchantId, r.deviceNo, r.stateReason, r.loginSerialNo,
                history.history(serial, 100));
    }

    @GET
    @Path("/devices")
    @Transactional
    public List<Device> devices(@QueryParam("merchantId") String merchantId) {
        return merchantId == null ? devices.listAll(Sort.by("id")) : devices.ofMerchant(merchantId);
    }
}
