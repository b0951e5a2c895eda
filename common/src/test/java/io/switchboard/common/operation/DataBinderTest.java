package io.switchboard.common.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.gate.MultiLine;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.enterprise.inject.Vetoed;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.hibernate.validator.constraints.Range;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Binding and validating {@code data} the way the gate hands it over (an ObjectNode parsed from the string). */
class DataBinderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static jakarta.validation.ValidatorFactory factory;
    static DataBinder binder;

    enum Kind { LINE_DEVICE, LINE_WS }

    record Proxy(@NotBlank @Size(max = 255) String ip, @NotNull @Range(min = 1, max = 65535) Integer port) {}

    record Data(@NotBlank @Size(max = 256) String vcRobotSerialNo,
                @org.eclipse.microprofile.openapi.annotations.media.Schema(defaultValue = "20")
                @Range(min = 1, max = 100) Integer pageSize,
                Long big,
                @JsonProperty("is_cache_login") Boolean cacheLogin,
                @JsonProperty("device_no") @Size(max = 8) @Pattern(regexp = "[a-z0-9-]+", message = "may hold only a-z, 0-9 and '-'") String deviceNo,
                Kind protocol,
                @Valid Proxy socks5,
                @Size(max = 2) List<@Size(max = 3) String> tags,
                @MultiLine @Size(max = 100) String text) {
        Data {
            pageSize = pageSize == null ? 20 : pageSize;
        }
    }

    @Vetoed // a fixture, not a bean of common's own Quarkus tests
    @OpenApiOp(name = "thing")
    static class Thing implements OpenApiOperation<Data> {
        @Override
        public Object handle(OpenApiCall call, Data data) {
            return null;
        }
    }

    static final OperationSpec SPEC = OperationSpec.of(Thing.class);

    @BeforeAll
    static void validator() {
        factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
        Validator v = factory.getValidator();
        binder = new DataBinder(v);
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    static Data bind(String json) throws Exception {
        return binder.bind(SPEC, (ObjectNode) JSON.readTree(json));
    }

    static ApiException refused(String json) {
        return assertThrows(ApiException.class, () -> bind(json), json);
    }

    @Test
    void numbersAndBooleansMayComeAsStrings() throws Exception {
        Data d = bind("{\"vcRobotSerialNo\":\"r1\",\"pageSize\":\"7\",\"big\":\"9007199254740993\",\"is_cache_login\":\"TRUE\","
                + "\"socks5\":{\"ip\":\"gate.example\",\"port\":\"2083\"}}");
        assertEquals(7, d.pageSize());
        assertEquals(9007199254740993L, d.big());
        assertEquals(Boolean.TRUE, d.cacheLogin());
        assertEquals(2083, d.socks5().port());
        Data e = bind("{\"vcRobotSerialNo\":12345,\"pageSize\":8,\"is_cache_login\":false}");
        assertEquals("12345", e.vcRobotSerialNo(), "a number is taken as its text");
        assertEquals(8, e.pageSize());
        assertEquals(Boolean.FALSE, e.cacheLogin());
    }

    @Test
    void emptyStringMeansAbsentAndDefaultsApply() throws Exception {
        Data d = bind("{\"vcRobotSerialNo\":\"r1\",\"pageSize\":\"\",\"is_cache_login\":\"\",\"device_no\":\"\",\"protocol\":\"\",\"socks5\":\"\"}");
        assertEquals(20, d.pageSize());
        assertNull(d.cacheLogin());
        assertNull(d.deviceNo());
        assertNull(d.protocol());
        assertNull(d.socks5());
    }

    @Test
    void nestedObjectMayComeAsAStringHoldingIt() throws Exception {
        Data d = bind("{\"vcRobotSerialNo\":\"r1\",\"socks5\":\"{\\\"ip\\\":\\\"h\\\",\\\"port\\\":1080}\"}");
        assertEquals("h", d.socks5().ip());
        ApiException e = refused("{\"vcRobotSerialNo\":\"r1\",\"socks5\":\"not json\"}");
        assertEquals("data.socks5 must be a JSON object (or a string holding one)", e.getMessage());
        e = refused("{\"vcRobotSerialNo\":\"r1\",\"socks5\":\"{\\\"ip\\\":\\\"h\\\",\\\"port\\\":1}{}\"}");
        assertTrue(e.getMessage().startsWith("data.socks5 must be a JSON object"), "trailing content is refused: " + e.getMessage());
    }

    @Test
    void mistypedValuesAre400NamingTheField() {
        ApiException e = refused("{\"vcRobotSerialNo\":{\"a\":1}}");
        assertEquals(ErrorCode.INVALID_PARAMETER, e.errorCode());
        assertEquals("data.vcRobotSerialNo must be a string", e.getMessage());
        assertEquals("data.vcRobotSerialNo must be a string", refused("{\"vcRobotSerialNo\":[\"a\"]}").getMessage());
        assertEquals("data.pageSize must be a whole number between -2147483648 and 2147483647",
                refused("{\"vcRobotSerialNo\":\"r\",\"pageSize\":12345678901234567890}").getMessage());
        assertEquals("data.pageSize must be a whole number between -2147483648 and 2147483647",
                refused("{\"vcRobotSerialNo\":\"r\",\"pageSize\":\"12345678901234567890\"}").getMessage());
        assertEquals("data.pageSize must be a whole number", refused("{\"vcRobotSerialNo\":\"r\",\"pageSize\":1e400}").getMessage());
        assertEquals("data.pageSize must be a whole number", refused("{\"vcRobotSerialNo\":\"r\",\"pageSize\":1.5}").getMessage(),
                "a fraction is refused, not truncated");
        assertEquals("data.pageSize must be a whole number", refused("{\"vcRobotSerialNo\":\"r\",\"pageSize\":\"1.5\"}").getMessage());
        assertEquals("data.pageSize must be a whole number", refused("{\"vcRobotSerialNo\":\"r\",\"pageSize\":true}").getMessage());
        assertEquals("data.vcRobotSerialNo must be a string", refused("{\"vcRobotSerialNo\":1e400}").getMessage());
        assertEquals("data.big must be a whole number between -9223372036854775808 and 9223372036854775807",
                refused("{\"vcRobotSerialNo\":\"r\",\"big\":123456789012345678901}").getMessage());
        assertEquals("data.is_cache_login must be true or false", refused("{\"vcRobotSerialNo\":\"r\",\"is_cache_login\":\"maybe\"}").getMessage());
        assertEquals("data.is_cache_login must be true or false", refused("{\"vcRobotSerialNo\":\"r\",\"is_cache_login\":1}").getMessage());
        assertEquals("data.protocol must be one of [LINE_DEVICE, LINE_WS]", refused("{\"vcRobotSerialNo\":\"r\",\"protocol\":\"SMOKE\"}").getMessage());
        assertEquals("data.protocol must be one of [LINE_DEVICE, LINE_WS]", refused("{\"vcRobotSerialNo\":\"r\",\"protocol\":1}").getMessage());
        assertEquals("data.socks5.port must be a whole number",
                refused("{\"vcRobotSerialNo\":\"r\",\"socks5\":{\"ip\":\"h\",\"port\":{}}}").getMessage());
        assertEquals("data.tags must be a JSON array", refused("{\"vcRobotSerialNo\":\"r\",\"tags\":\"abc\"}").getMessage());
        assertEquals("data.tags[1] must be a string", refused("{\"vcRobotSerialNo\":\"r\",\"tags\":[\"a\",{}]}").getMessage());
    }

    @Test
    void controlCharactersAreRefusedAndMultiLineAllowsLayout() throws Exception {
        ApiException e = refused("{\"vcRobotSerialNo\":\"r\\u0000x\"}");
        assertEquals("data.vcRobotSerialNo must not contain control characters (found U+0000)", e.getMessage());
        assertEquals("data.vcRobotSerialNo must not contain control characters (found U+000A)",
                refused("{\"vcRobotSerialNo\":\"r\\nx\"}").getMessage());
        assertEquals("data.text must not contain control characters (found U+0000)",
                refused("{\"vcRobotSerialNo\":\"r\",\"text\":\"a\\u0000\"}").getMessage());
        assertEquals("line 1\nline 2\tend\r", bind("{\"vcRobotSerialNo\":\"r\",\"text\":\"line 1\\nline 2\\tend\\r\"}").text());
    }

    @Test
    void unknownFieldsAreRefusedButVcMerchantNoIsAllowed() throws Exception {
        ApiException e = refused("{\"vcRobotSerialNo\":\"r\",\"pagesize\":5}");
        assertEquals(ErrorCode.INVALID_PARAMETER, e.errorCode());
        assertTrue(e.getMessage().startsWith("data.pagesize is not a field of thing's data; known fields: ["), e.getMessage());
        assertTrue(e.getMessage().contains("pageSize") && e.getMessage().contains("is_cache_login"), e.getMessage());
        assertTrue(refused("{\"vcRobotSerialNo\":\"r\",\"socks5\":{\"ip\":\"h\",\"port\":1,\"x\":1}}").getMessage()
                .startsWith("data.socks5.x is not a field of this object"));
        assertEquals("r", bind("{\"vcRobotSerialNo\":\"r\",\"vcMerchantNo\":\"mch_1\"}").vcRobotSerialNo());
    }

    @Test
    void violationsNameTheJsonField() {
        ApiException missing = refused("{}");
        assertEquals(ErrorCode.MISSING_PARAMETER, missing.errorCode());
        assertEquals("data.vcRobotSerialNo is required", missing.getMessage());
        assertEquals(ErrorCode.MISSING_PARAMETER, refused("{\"vcRobotSerialNo\":\"  \"}").errorCode());
        assertEquals("data.vcRobotSerialNo must be at most 256 characters",
                refused("{\"vcRobotSerialNo\":\"" + "r".repeat(257) + "\"}").getMessage());
        ApiException range = refused("{\"vcRobotSerialNo\":\"r\",\"pageSize\":\"1000\"}");
        assertEquals(ErrorCode.INVALID_PARAMETER, range.errorCode());
        assertEquals("data.pageSize must be between 1 and 100", range.getMessage());
        assertEquals("data.device_no may hold only a-z, 0-9 and '-'", refused("{\"vcRobotSerialNo\":\"r\",\"device_no\":\"A!\"}").getMessage(),
                "the JSON name, not the Java one");
        assertEquals("data.socks5.port is required", refused("{\"vcRobotSerialNo\":\"r\",\"socks5\":{\"ip\":\"h\"}}").getMessage());
        assertEquals("data.socks5.port must be between 1 and 65535",
                refused("{\"vcRobotSerialNo\":\"r\",\"socks5\":{\"ip\":\"h\",\"port\":70000}}").getMessage());
        assertEquals("data.tags must be at most 2 items", refused("{\"vcRobotSerialNo\":\"r\",\"tags\":[\"a\",\"b\",\"c\"]}").getMessage());
        assertEquals("data.tags[1] must be at most 3 characters", refused("{\"vcRobotSerialNo\":\"r\",\"tags\":[\"a\",\"bbbb\"]}").getMessage());
        ApiException two = refused("{\"pageSize\":0}");
        assertEquals(ErrorCode.MISSING_PARAMETER, two.errorCode(), "a missing field is the first thing to fix");
        assertEquals("data.pageSize must be between 1 and 100; data.vcRobotSerialNo is required", two.getMessage());
    }
}
