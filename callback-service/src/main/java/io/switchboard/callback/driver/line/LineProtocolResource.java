package io.switchboard.callback.driver.line;

import io.switchboard.callback.driver.line.LineMalformed;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.DatabaseOutage;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * {@code POST /LineProtocol/{action}} and {@code POST /robot/get-phone-code}: the LINE device's callbacks
 * (seed 000). The body is read as raw bytes because the signature covers them exactly. Every answer, errors
 * included, is the seed's {@code {"success","message",…}} (docs/LINE_DEVICE.md).
 */
@Path("/")
@Tag(name = "LINE device", description = "Signed device callbacks (docs/LINE_DEVICE.md)")
public class LineProtocolResource {
    private static final Logger LOG = Logger.getLogger(LineProtocolResource.class);

    @Inject
    LineIngress ingress;
    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    @POST
    @Path("LineProtocol/{action}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A LINE device callback (DeviceHeart, RobotLoginSuccess, GetPushContent, …)")
    public Response action(@PathParam("action") String action, @Context HttpHeaders headers, byte[] body) {
        return answer(action, headers, body);
    }

    @POST
    @Path("robot/get-phone-code")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The device asks for (step send) or polls (step get) the SMS code of a login")
    public Response phoneCode(@Context HttpHeaders headers, byte[] body) {
        return answer(LineIngress.PHONE_CODE, headers, body);
    }

    private Response answer(String action, HttpHeaders headers, byte[] body) {
        LineReply reply;
        try {
            reply = ingress.handle(action, headers::getHeaderString, body == null ? new byte[0] : body);
        } catch (LineError e) {
            reply = LineReply.error(e.status(), e.getMessage());
        } catch (LineMalformed e) {
            reply = LineReply.error(400, e.getMessage());
        } catch (ApiException e) {
            reply = LineReply.error(e.errorCode().httpStatus(), e.getMessage());
        } catch (RuntimeException e) {
            if (DatabaseOutage.is(e)) {
                // PostgreSQL restarting or unreachable: nothing was applied, so the device may simply retry.
                LOG.warnf("device callback %s: database unavailable: %s", action, e.toString());
                reply = LineReply.error(503, "the database is unavailable; retry later");
            } else {
                LOG.errorf(e, "device callback %s failed", action);
                reply = LineReply.error(500, "internal error");
            }
        }
        if (reply.status() >= 400) {
            // Counted, and logged only at debug: a misconfigured device would otherwise flood the log.
            meters.counter("switchboard.device.callbacks.refused", "action", action,
                    "status", Integer.toString(reply.status())).increment();
            LOG.debugf("device callback %s from %s refused with %d: %s", action, headers.getHeaderString("device-no"),
                    reply.status(), reply.body().path("message").asText());
        }
        return Response.status(reply.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(reply.body()).build();
    }
}
