package io.switchboard.common.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.api.ErrorCode;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.junit.jupiter.api.Test;

/** The per-operation entries of the API document, built from the declarations (no Quarkus boot). */
class OperationDocsTest {

    @Test
    void eachOperationIsAnEntryWithItsDataSchemaAndErrors() {
        OpenAPI api = OASFactory.createOpenAPI();
        OperationDocs.document(api, List.of(OperationSpec.of(DataBinderTest.Thing.class),
                OperationSpec.of(OperationRegistryTest.GetThing.class)));

        Operation thing = api.getPaths().getPathItem("/openapi/v1/thing").getPOST();
        assertNotNull(thing, "POST /openapi/v1/thing");
        Schema params = thing.getRequestBody().getContent().getMediaType("application/x-www-form-urlencoded").getSchema();
        for (String p : List.of("app_id", "method", "timestamp", "sign_type", "sign", "version", "merchant_id", "data")) {
            assertNotNull(params.getProperties().get(p), "public parameter " + p);
        }
        assertEquals("#/components/schemas/ThingData", params.getProperties().get("data").getContentSchema().getRef());

        Schema data = api.getComponents().getSchemas().get("ThingData");
        assertEquals(List.of("vcRobotSerialNo"), data.getRequired());
        assertEquals(Boolean.FALSE, data.getAdditionalPropertiesBoolean(), "unknown fields are refused");
        assertEquals(256, data.getProperties().get("vcRobotSerialNo").getMaxLength());
        assertEquals(1, data.getProperties().get("vcRobotSerialNo").getMinLength());
        assertEquals(new BigDecimal(100), data.getProperties().get("pageSize").getMaximum());
        assertEquals("^(?:[a-z0-9-]+)$", data.getProperties().get("device_no").getPattern());
        assertEquals(2, data.getProperties().get("tags").getMaxItems());
        assertEquals(3, data.getProperties().get("tags").getItems().getMaxLength());
        assertEquals(List.of("ip", "port"), data.getProperties().get("socks5").getRequired());
        assertEquals(List.of("LINE_DEVICE", "LINE_WS"), data.getProperties().get("protocol").getEnumeration());

        Operation get = api.getPaths().getPathItem("/openapi/v1/getThing").getPOST();
        assertTrue(get.getResponses().getAPIResponse("404").getDescription().contains("40403 ROBOT_NOT_FOUND"));
        assertTrue(get.getResponses().getAPIResponse("403").getDescription().contains("40301 FORBIDDEN"));
        assertTrue(get.getResponses().getAPIResponse("401").getDescription().contains("40101 INVALID_SIGNATURE"));
        assertEquals(ErrorCode.ROBOT_NOT_FOUND.code(), ((List<?>) get.getExtensions().get("x-error-codes")).get(0));
        Schema answer = get.getResponses().getAPIResponse("200").getContent().getMediaType("application/json")
                .getSchema().getProperties().get("data");
        assertEquals("#/components/schemas/Answer", answer.getRef());
        assertNotNull(api.getComponents().getSchemas().get("Answer").getProperties().get("nState"));
        assertEquals(20L, data.getProperties().get("pageSize").getDefaultValue(), "a default in the field's own type");
    }

    @Test
    void aSchemaOfAnotherClassWithTheSameNameIsNotOverwritten() {
        OpenAPI api = OASFactory.createOpenAPI().components(OASFactory.createComponents());
        Schema foreign = OASFactory.createSchema().addProperty("somethingElse", OASFactory.createSchema());
        Schema same = OASFactory.createSchema().addProperty("vcRobotSerialNo", OASFactory.createSchema())
                .addProperty("nState", OASFactory.createSchema()).description("made by the annotation scan");
        api.getComponents().addSchema("Answer", foreign);
        OperationDocs.document(api, List.of(OperationSpec.of(OperationRegistryTest.GetThing.class)));
        assertEquals(foreign, api.getComponents().getSchemas().get("Answer"), "left alone");
        assertEquals("#/components/schemas/OperationRegistryTest.Answer", api.getPaths().getPathItem("/openapi/v1/getThing")
                .getPOST().getResponses().getAPIResponse("200").getContent().getMediaType("application/json")
                .getSchema().getProperties().get("data").getRef());

        OpenAPI api2 = OASFactory.createOpenAPI().components(OASFactory.createComponents());
        api2.getComponents().addSchema("Answer", same);
        OperationDocs.document(api2, List.of(OperationSpec.of(OperationRegistryTest.GetThing.class)));
        assertEquals(same, api2.getComponents().getSchemas().get("Answer"), "the scan's schema of the same fields is reused");
    }
}
