package io.switchboard.common.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.sim.merchant.OpenApiSigner;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gate checks every parameter's shape before it asks the merchant directory (a call to account-service
 * behind a circuit breaker on most services): garbage gets a 400 and the directory never sees it.
 */
@QuarkusTest
class OpenApiGateInputTest {
    @Inject
    SwitchboardConfig config;
    @Inject
    ReplayGuard replay;

    final AtomicInteger lookups = new AtomicInteger();
    OpenApiGate gate;

    @BeforeEach
    void gate() {
        gate = new OpenApiGate();
        gate.config = config;
        gate.replay = replay;
        gate.merchants = appId -> {
            lookups.incrementAndGet();
            return Optional.empty();
        };
    }

    static Map<String, String> params(Consumer<Map<String, String>> change) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("app_id", "app_0123456789ab");
        p.put("method", "switchboard.listRobots");
        p.put("timestamp", ZonedDateTime.now(ZoneId.of("GMT+8")).format(OpenApiGate.TIMESTAMP));
        p.put("sign_type", "RSA2");
        p.put("sign", "c2lnbmF0dXJlIG9mIHRoZSByZXF1ZXN0");
        p.put("version", "1.0");
        p.put("merchant_id", "mch_0123456789ab");
        p.put("data", "{\"page\":\"1\"}");
        change.accept(p);
        return p;
    }

    ErrorCode form(Map<String, String> p) {
        byte[] body = OpenApiSigner.formBody(p).getBytes(StandardCharsets.UTF_8);
        return assertThrows(ApiException.class,
                () -> gate.verify("serial", "listRobots", "application/x-www-form-urlencoded", body)).errorCode();
    }

    ErrorCode json(String body) {
        return assertThrows(ApiException.class, () -> gate.verify("serial", "listRobots", "application/json",
                body.getBytes(StandardCharsets.UTF_8))).errorCode();
    }

    @Test
    void garbageAppIdNeverReachesTheDirectory() {
        assertEquals(ErrorCode.CONTROL_CHARACTER, form(params(p -> p.put("app_id", "app\0x"))));
        assertEquals(ErrorCode.CONTROL_CHARACTER, form(params(p -> p.put("app_id", "app\r\nx"))));
        assertEquals(ErrorCode.INVALID_PARAMETER, form(params(p -> p.put("app_id", "a".repeat(5000)))));
        assertEquals(ErrorCode.INVALID_PARAMETER, form(params(p -> p.put("app_id", "app id"))));
        assertEquals(ErrorCode.INVALID_PARAMETER, form(params(p -> p.put("app_id", "app_中文"))));
        assertEquals(ErrorCode.INVALID_PARAMETER, form(params(p -> p.put("app_id", "app'; drop table merchant;--"))));
        assertEquals(0, lookups.get());
        // The counter works: a well-formed unknown app_id is looked up once.
        assertEquals(ErrorCode.UNKNOWN_APP_ID, form(params(p -> {})));
        assertEquals(1, lookups.get());
    }

    @Test
    void otherGarbageNeverReachesTheDirectoryEither() {
        assertEquals(ErrorCode.INVALID_PARAMETER, form(params(p -> p.put("merchant_id", "m".repeat(300)))));
        assertEquals(ErrorCode.INVALID_PARAMETER, form(params(p -> p.put("merchant_id", "mch 1"))));
        assertEquals(ErrorCode.CONTROL_CHARACTER, form(params(p -> p.put("merchant_id", "mch\0"))));
        assertEquals(ErrorCode.INVALID_PARAMETER, form(params(p -> p.put("sign", "not base64!"))));
        assertEquals(ErrorCode.CONTROL_CHARACTER, form(params(p -> p.put("sign", "c2ln\0bmF0"))));
        assertEquals(ErrorCode.CONTROL_CHARACTER, form(params(p -> p.put("method", "switchboard\n.listRobots"))));
        assertEquals(ErrorCode.CONTROL_CHARACTER, form(params(p -> p.put("timestamp", "2026-01-01\t00:00:00"))));
        assertEquals(ErrorCode.CONTROL_CHARACTER, form(params(p -> p.put("extra", "x\ny"))));
        assertEquals(ErrorCode.CONTROL_CHARACTER, form(params(p -> p.put("ex\u0000tra", "x"))));
        assertEquals(ErrorCode.CONTROL_CHARACTER, json("{\"app_id\":\"a\\u0000\",\"x\":\"1\"}"));
        assertEquals(0, lookups.get());
    }

    @Test
    void controlCharactersInsideDataAreRefusedButTextLayoutIsNot() {
        assertEquals(ErrorCode.CONTROL_CHARACTER, form(params(p -> p.put("data", "{\"msg\":\"a\\u0000b\"}"))));
        assertEquals(ErrorCode.CONTROL_CHARACTER, form(params(p -> p.put("data", "{\"c\":{\"m\":[\"ok\",\"\\u001b[2J\"]}}"))));
        assertEquals(ErrorCode.CONTROL_CHARACTER, form(params(p -> p.put("data", "{\"k\\u0000\":\"v\"}"))));
        assertEquals(ErrorCode.CONTROL_CHARACTER, form(params(p -> p.put("data", "{\"m\":\"x\"}\u0000"))));
        assertEquals(0, lookups.get());
        // Multi-line message text, a wrapped signature and JSON laid out over lines are fine.
        assertEquals(ErrorCode.UNKNOWN_APP_ID, form(params(p -> p.put("data", "{\n\t\"msg\": \"line 1\\nline 2\\r\\n\\ttab\"\n}"))));
        assertEquals(ErrorCode.UNKNOWN_APP_ID, form(params(p -> p.put("sign", "c2lnbmF0dXJl\r\nIG9mIHRoZSByZXF1ZXN0"))));
        assertEquals(2, lookups.get());
    }

    @Test
    void trailingJsonIsRefusedInTheBodyAndInData() {
        assertEquals(ErrorCode.INVALID_DATA, form(params(p -> p.put("data", "{\"page\":\"1\"}garbage"))));
        assertEquals(ErrorCode.INVALID_DATA, form(params(p -> p.put("data", "{\"page\":\"1\"}{\"page\":\"2\"}"))));
        assertEquals(ErrorCode.MALFORMED_BODY, json("{\"app_id\":\"app_0123456789ab\"}garbage"));
        assertEquals(ErrorCode.MALFORMED_BODY, json("{\"app_id\":\"app_0123456789ab\"}{\"app_id\":\"x\"}"));
        assertEquals(0, lookups.get());
    }
}
