package io.switchboard.common.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestParamsTest {
    private static Map<String, String> parse(String type, String body) {
        return RequestParams.parse(type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static ErrorCode failure(String type, byte[] body) {
        return assertThrows(ApiException.class, () -> RequestParams.parse(type, body)).errorCode();
    }

    @Test
    void formIsPercentDecodedAsUtf8() {
        Map<String, String> p = parse("application/x-www-form-urlencoded; charset=UTF-8",
                "a=1&data=%7B%22n%22%3A%22%E5%B0%8F+%26%3D%22%7D&empty=");
        assertEquals("1", p.get("a"));
        assertEquals("{\"n\":\"小 &=\"}", p.get("data"));
        assertEquals("", p.get("empty"));
    }

    @Test
    void jsonScalarsBecomeText() {
        Map<String, String> p = parse("application/json", "{\"a\":\"x\",\"n\":12,\"b\":true,\"z\":null}");
        assertEquals(Map.of("a", "x", "n", "12", "b", "true"), p);
    }

    @Test
    void contentTypeIsSniffedWhenAbsent() {
        assertEquals("x", parse(null, " {\"a\":\"x\"}").get("a"));
        assertEquals("x", parse(null, "a=x").get("a"));
    }

    @Test
    void malformedBodiesAreRefused() {
        byte[] dup = "a=1&a=2".getBytes(StandardCharsets.UTF_8);
        assertEquals(ErrorCode.MALFORMED_BODY, failure("application/x-www-form-urlencoded", dup));
        assertEquals(ErrorCode.MALFORMED_BODY, failure("application/x-www-form-urlencoded", "a=%zz".getBytes()));
        assertEquals(ErrorCode.MALFORMED_BODY, failure("application/x-www-form-urlencoded", "a=%e5%b0".getBytes()));
        assertEquals(ErrorCode.MALFORMED_BODY, failure("application/x-www-form-urlencoded", "=1".getBytes()));
        assertEquals(ErrorCode.MALFORMED_BODY, failure("application/json", "{\"a\":".getBytes()));
        assertEquals(ErrorCode.MALFORMED_BODY, failure("application/json", "[1]".getBytes()));
        assertEquals(ErrorCode.MALFORMED_BODY, failure("application/json", "{\"data\":{\"a\":1}}".getBytes()));
        assertEquals(ErrorCode.MALFORMED_BODY, failure("application/json", "{\"a\":1,\"a\":2}".getBytes()));
        assertEquals(ErrorCode.MALFORMED_BODY, failure("application/json", "{\"a\":\"1\"}garbage".getBytes()));
        assertEquals(ErrorCode.MALFORMED_BODY, failure("application/json", "{\"a\":\"1\"}{\"a\":\"2\"}".getBytes()));
        assertEquals(ErrorCode.MALFORMED_BODY, failure(null, " {\"a\":\"1\"} x".getBytes()));
        assertEquals(ErrorCode.MALFORMED_BODY, failure(null, new byte[0]));
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA_TYPE, failure("text/xml", "<a/>".getBytes()));
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA_TYPE, failure("application/json; charset=GBK", "{}".getBytes()));
        byte[] latin1 = {'a', '=', (byte) 0xe9};
        assertEquals(ErrorCode.MALFORMED_BODY, failure("application/x-www-form-urlencoded", latin1));
    }
}
