package io.switchboard.common.gate;

import io.switchboard.common.api.ApiEnvelope;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.api.RequestSerial;
import io.switchboard.common.operation.DataBinder;
import io.switchboard.common.operation.OperationRegistry;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /openapi/v1/{operation}}: the gate, then the operation's {@code data} bound to its record and
 * validated, then the replay record and the merchant's rate limit ({@link RateLimiter#admit}), then the operation of that name on this
 * service. The one JAX-RS entry point; the API document shows each operation as its own entry (OperationDocs).
 */
@Path("/openapi/v1")
@Tag(name = "Open API", description = "Signed merchant operations (see docs/API.md)")
public class OpenApiResource {
    @Inject
    OpenApiGate gate;
    @Inject
    RequestSerial serial;
    @Inject
    OperationRegistry operations;
    @Inject
    DataBinder binder;
    @Inject
    RateLimiter limiter;

    @POST
    @Path("/{operation}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Call a signed Open API operation (generic entry)",
            description = "The single entry point of every operation; the entries under 'Open API operations' "
                    + "describe each one with its data schema and error codes. Body: form or flat JSON with app_id, "
                    + "method, timestamp, sign_type, sign, version, merchant_id and data (a JSON string). "
                    + "Response: the vcSerialNo envelope.")
    @NonBlocking
    public Uni<ApiEnvelope> call(@PathParam("operation") String operation,
                                 @HeaderParam("Content-Type") String contentType, byte[] body) {
        // Non-blocking, so the body is read on the event loop before the call (a blocking method would read it as a
        // stream on the worker, handed back and forth between the two threads); the call itself runs on a worker.
        return Uni.createFrom().item(() -> handle(operation, contentType, body))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private ApiEnvelope handle(String operation, String contentType, byte[] body) {
        OperationRegistry.Entry op = operations.find(operation).orElseThrow(() -> new ApiException(
                ErrorCode.UNKNOWN_OPERATION, "operation '" + operation + "' is not served by this service; it serves "
                + operations.entries().stream().map(e -> e.spec().name()).collect(Collectors.joining(", ", "[", "]"))));
        OpenApiGate.Verified verified = gate.check(serial.get(), operation, contentType,
                body == null ? new byte[0] : body);
        OpenApiCall call = verified.call();
        Record data = binder.bind(op.spec(), call.data());
        // After binding, so malformed data gets its 400 without using up the merchant's rate; before the
        // operation, so a refused request changes nothing. The replay record and the rate token: one round trip.
        limiter.admit(verified.replayKey(), gate.replayTtl(), call.merchantId(), operation, verified.rateLimits());
        @SuppressWarnings("unchecked")
        OpenApiOperation<Record> handler = (OpenApiOperation<Record>) op.bean().get();
        return ApiEnvelope.ok(call.serialNo(), handler.handle(call, data));
    }
}
