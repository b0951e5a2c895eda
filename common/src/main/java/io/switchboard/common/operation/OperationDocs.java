package io.switchboard.common.operation;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.switchboard.common.api.ErrorCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.jboss.logging.Logger;

/**
 * Adds one entry per Open API operation to {@code /q/openapi} (and so to Swagger UI): {@code POST
 * /openapi/v1/<name>} with the signed public parameters, {@code data}'s schema (from the operation's record and
 * its constraints), the answer envelope with the operation's {@code data}, and the error codes by HTTP status.
 * The JAX-RS resource stays one path ({@code /openapi/v1/{operation}}); these entries describe it per operation.
 * Runs when the document is prepared at startup, reading the {@link OperationRegistry}.
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUN)
public class OperationDocs implements OASFilter {
    private static final Logger LOG = Logger.getLogger(OperationDocs.class);
    static final String TAG = "Open API operations";
    static final String PATH_PREFIX = "/openapi/v1/";

    /** Codes any operation can answer: the gate's checks and the platform's own failures. */
    static final List<ErrorCode> GATE_ERRORS = List.of(ErrorCode.INVALID_PARAMETER, ErrorCode.MISSING_PARAMETER,
            ErrorCode.MALFORMED_BODY, ErrorCode.METHOD_MISMATCH, ErrorCode.UNSUPPORTED_SIGN_TYPE,
            ErrorCode.INVALID_TIMESTAMP, ErrorCode.UNSUPPORTED_MEDIA_TYPE, ErrorCode.UNSUPPORTED_VERSION,
            ErrorCode.INVALID_DATA, ErrorCode.INVALID_SIGNATURE, ErrorCode.TIMESTAMP_OUT_OF_WINDOW,
            ErrorCode.UNKNOWN_APP_ID, ErrorCode.MERCHANT_MISMATCH, ErrorCode.MERCHANT_DISABLED,
            ErrorCode.MERCHANT_NO_MISMATCH, ErrorCode.REPLAYED_REQUEST, ErrorCode.PAYLOAD_TOO_LARGE,
            ErrorCode.RATE_LIMITED, ErrorCode.INTERNAL_ERROR, ErrorCode.DEPENDENCY_UNAVAILABLE);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        ArcContainer arc = Arc.container();
        if (arc == null) {
            return;
        }
        try (InstanceHandle<OperationRegistry> registry = arc.instance(OperationRegistry.class)) {
            if (registry.isAvailable()) {
                document(openAPI, registry.get().entries().stream().map(OperationRegistry.Entry::spec).toList());
            }
        } catch (RuntimeException e) {
            // The document is help for merchants; a gap in it must not stop the service (the registry's own
            // checks fail the boot separately). Tests assert the entries, so a gap does not go unnoticed.
            LOG.errorf(e, "the per-operation entries of the API document could not be built");
        }
    }

    /** Adds the entries of {@code specs} to {@code openAPI}. */
    static void document(OpenAPI openAPI, Collection<OperationSpec> specs) {
        if (specs.isEmpty()) {
            return;
        }
        if (openAPI.getComponents() == null) {
            openAPI.components(OASFactory.createComponents());
        }
        if (openAPI.getPaths() == null) {
            openAPI.paths(OASFactory.createPaths());
        }
        Components components = openAPI.getComponents();
        Map<String, Schema> schemas = components.getSchemas() == null ? new TreeMap<>() : new TreeMap<>(components.getSchemas());
        DataSchemas reader = new DataSchemas(schemas, new LinkedHashMap<>());
        if (openAPI.getTags() == null || openAPI.getTags().stream().noneMatch(t -> TAG.equals(t.getName()))) {
            openAPI.addTag(OASFactory.createTag().name(TAG).description("One entry per signed operation of this "
                    + "service. All are served by POST /openapi/v1/{operation}; see docs/API.md for signing."));
        }
        for (OperationSpec spec : specs) {
            String dataName = Character.toUpperCase(spec.name().charAt(0)) + spec.name().substring(1) + "Data";
            schemas.put(dataName, reader.input(spec.dataType()));
            Schema answer = reader.output(spec.responseType());
            Operation op = OASFactory.createOperation()
                    .operationId(spec.name())
                    .summary(spec.summary().isEmpty() ? spec.name() : spec.summary())
                    .description(description(spec, dataName))
                    .addTag(TAG)
                    .requestBody(OASFactory.createRequestBody().required(true).content(requestContent(spec, dataName)))
                    .responses(responses(spec, answer));
            op.addExtension("x-error-codes", errorCodes(spec).stream().map(ErrorCode::code).toList());
            openAPI.getPaths().addPathItem(PATH_PREFIX + spec.name(), OASFactory.createPathItem().POST(op));
        }
        components.schemas(schemas);
    }

    private static String description(OperationSpec spec, String dataName) {
        StringBuilder d = new StringBuilder();
        if (!spec.description().isEmpty()) {
            d.append(spec.description()).append("\n\n");
        }
        d.append("Signed call: every public parameter but `sign` is signed (sorted `key=value` joined with `&`, "
                + "RSA2 = SHA256withRSA). `method` must end with `.").append(spec.name()).append("`. `data` is the JSON "
                + "text of a `").append(dataName).append("` object. Numbers and booleans may also be sent as strings "
                + "(`\"1\"`, `\"true\"`), an empty string means the field is absent, and unknown fields are refused.\n\n"
                + "Error codes of this operation: ");
        d.append(String.join(", ", spec.errors().stream().map(e -> e.code() + " " + e.name()).toList()));
        if (spec.errors().isEmpty()) {
            d.append("none beyond the gate's");
        }
        d.append(". The gate's codes (signature, timestamp, replay, body) apply to every operation.");
        return d.toString();
    }

    private static Content requestContent(OperationSpec spec, String dataName) {
        Schema params = OASFactory.createSchema().addType(SchemaType.OBJECT)
                .addProperty("app_id", text(32, "the merchant's application id"))
                .addProperty("method", text(128, "`<prefix>." + spec.name() + "`").example("switchboard." + spec.name()))
                .addProperty("timestamp", text(19, "`yyyy-MM-dd HH:mm:ss` in GMT+8, within ±300 s of the platform clock")
                        .example("2026-01-01 12:00:00"))
                .addProperty("format", text(40, "optional, `json`"))
                .addProperty("charset", text(10, "optional, `utf-8`"))
                .addProperty("sign_type", OASFactory.createSchema().addType(SchemaType.STRING)
                        .addEnumeration("RSA2").addEnumeration("RSA").description("RSA2 = SHA256withRSA, RSA = SHA1withRSA"))
                .addProperty("sign", text(1024, "base64 RSA signature of the string to sign"))
                .addProperty("version", text(3, "optional, `1.0`").example("1.0"))
                .addProperty("merchant_id", text(256, "the caller's merchant id (the seed's `Merchantid` is accepted too)"))
                .addProperty("data", OASFactory.createSchema().addType(SchemaType.STRING)
                        .description("JSON text of a `" + dataName + "` object (signed as sent)")
                        .contentMediaType("application/json")
                        .contentSchema(OASFactory.createSchema().ref("#/components/schemas/" + dataName)))
                .addRequired("app_id").addRequired("method").addRequired("timestamp").addRequired("sign_type")
                .addRequired("sign").addRequired("merchant_id");
        return OASFactory.createContent()
                .addMediaType("application/x-www-form-urlencoded", OASFactory.createMediaType().schema(params))
                .addMediaType("application/json", OASFactory.createMediaType().schema(params));
    }

    private static Schema text(int maxLength, String description) {
        return OASFactory.createSchema().addType(SchemaType.STRING).maxLength(maxLength).description(description);
    }

    private static APIResponses responses(OperationSpec spec, Schema answer) {
        APIResponses responses = OASFactory.createAPIResponses();
        responses.addAPIResponse("200", OASFactory.createAPIResponse()
                .description("`vcSuccess` \"true\", `nErrorCode` 0; `data` is the operation's answer")
                .content(OASFactory.createContent().addMediaType("application/json",
                        OASFactory.createMediaType().schema(envelope(answer)))));
        Map<Integer, List<ErrorCode>> byStatus = new TreeMap<>();
        for (ErrorCode e : errorCodes(spec)) {
            byStatus.computeIfAbsent(e.httpStatus(), k -> new ArrayList<>()).add(e);
        }
        Schema nothing = OASFactory.createSchema().addType(SchemaType.NULL);
        byStatus.forEach((status, codes) -> {
            APIResponse r = OASFactory.createAPIResponse()
                    .description("`vcSuccess` \"false\"; `nErrorCode`: " + String.join("; ", codes.stream()
                            .map(c -> c.code() + " " + c.name() + " (" + c.defaultMessage() + ")").toList()))
                    .content(OASFactory.createContent().addMediaType("application/json",
                            OASFactory.createMediaType().schema(envelope(nothing))));
            if (status == 429) {
                r.addHeader("Retry-After", OASFactory.createHeader()
                        .description("whole seconds (at least 1) until the merchant's rate lets a request through")
                        .schema(OASFactory.createSchema().addType(SchemaType.INTEGER)));
            }
            responses.addAPIResponse(String.valueOf(status), r);
        });
        return responses;
    }

    static List<ErrorCode> errorCodes(OperationSpec spec) {
        List<ErrorCode> all = new ArrayList<>(spec.errors());
        GATE_ERRORS.stream().filter(e -> !all.contains(e)).forEach(all::add);
        return all;
    }

    private static Schema envelope(Schema data) {
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .addProperty("vcSerialNo", OASFactory.createSchema().addType(SchemaType.STRING)
                        .description("the platform's request serial (32 hex characters); webhooks carry it as optvcSerNo"))
                .addProperty("vcSuccess", OASFactory.createSchema().addType(SchemaType.STRING)
                        .addEnumeration("true").addEnumeration("false"))
                .addProperty("nErrorCode", OASFactory.createSchema().addType(SchemaType.INTEGER))
                .addProperty("vcErrorMsg", OASFactory.createSchema().addType(SchemaType.STRING))
                .addProperty("data", data)
                .addRequired("vcSerialNo").addRequired("vcSuccess").addRequired("nErrorCode")
                .addRequired("vcErrorMsg").addRequired("data");
    }
}
