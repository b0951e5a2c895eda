package io.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.sim.merchant.MerchantClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every packaged service boots against real PostgreSQL and Redis, migrates its schema, reports ready with both
 * dependencies checked, serves metrics, its OpenAPI document and Swagger UI, guards /admin with the token, and
 * answers an operation it does not serve in the Open API envelope.
 */
class PlatformIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"account-service", "message-service", "group-service", "callback-service"})
    void serviceIsOperable(String service) throws Exception {
        String base = Platform.shared().url(service);
        HttpResponse<String> ready = get(base + "/q/health/ready", null);
        assertEquals(200, ready.statusCode(), ready.body());
        JsonNode checks = JSON.readTree(ready.body()).path("checks");
        String names = checks.toString().toLowerCase();
        assertTrue(names.contains("database") && names.contains("redis"), names);
        assertEquals(200, get(base + "/q/health/live", null).statusCode());
        assertTrue(get(base + "/q/metrics", null).body().contains("jvm_memory_used_bytes"), "Prometheus metrics");
        assertTrue(get(base + "/q/openapi", null).body().contains("/openapi/v1/{operation}"));
        assertEquals(200, get(base + "/q/swagger-ui/", null).statusCode());

        assertEquals(401, get(base + "/admin/outbox", null).statusCode());
        assertEquals(401, get(base + "/admin/outbox", "wrong").statusCode());
        HttpResponse<String> outbox = get(base + "/admin/outbox", Platform.ADMIN_TOKEN);
        assertEquals(200, outbox.statusCode(), outbox.body());

        MerchantClient.Reply r = MerchantClient.post(base, "noSuchOperation", "application/x-www-form-urlencoded", "app_id=x");
        assertEquals(404, r.status());
        assertEquals("false", r.body().path("vcSuccess").asText());
        assertEquals(40402, r.errorCode());
        assertEquals(32, r.serialNo().length());
    }
}
