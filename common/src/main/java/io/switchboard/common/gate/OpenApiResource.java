package io.switchboard.common.gate;

import io.switchboard.common.api.ApiEnvelope;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.api.RequestSerial;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /openapi/v1/{operation}}: the gate, then the operation bean of that name on this service. */
@Path("/openapi/v1")
@Tag(name = "Open API", description = "Signed merchant operations (see docs/API.md)")
public class OpenApiResource {
    @Inject
    OpenApiGate gate;
    @Inject
    RequestSerial serial;
    @Inject
    @Any
    Instance<OpenApiOperation> beans;

    private final Map<String, OpenApiOperation> operations = new HashMap<>();

    @PostConstruct
    void index() {
        for (OpenApiOperation op : beans) {
            operations.put(op.name(), op);
        }
    }

    @POST
    @Path("/{operation}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Call a signed Open API operation",
            description = "Body: form or flat JSON with app_id, method, timestamp, sign_type, sign, version, "
                    + "merchant_id and data (a JSON string). Response: the vcSerialNo envelope.")
    public ApiEnvelope call(@PathParam("operation") String operation,
                            @HeaderParam("Content-Type") String contentType, byte[] body) {
        OpenApiOperation op = operations.get(operation);
        if (op == null) {
            throw new ApiException(ErrorCode.UNKNOWN_OPERATION, "operation '" + operation
                    + "' is not served by this service; it serves " + new TreeSet<>(operations.keySet()));
        }
        OpenApiCall call = gate.verify(serial.get(), operation, contentType, body == null ? new byte[0] : body);
        return ApiEnvelope.ok(call.serialNo(), op.handle(call));
    }
}
