package io.switchboard.callback.line;

import static io.switchboard.callback.line.LineTestSupport.awaitStatus;
import static io.switchboard.callback.line.LineTestSupport.id;
import static io.switchboard.callback.line.LineTestSupport.loginParams;
import static io.switchboard.callback.line.LineTestSupport.publishCommand;
import static io.switchboard.callback.line.LineTestSupport.registerDevice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.callback.FakeAccountService;
import io.switchboard.callback.command.CommandStatus;
import io.switchboard.callback.line.LineTestSupport.Device;
import io.switchboard.common.client.MerchantKeyView;
import io.switchboard.sim.line.LineDeviceSimulator;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.OpenApiSigner;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** getTask through the signed Open API, as a merchant calls it. */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class LineGetTaskTest {
    @TestHTTPResource("/")
    URL base;

    private static MerchantClient merchant(String merchantId, String keyName) {
        String appId = id("app");
        FakeAccountService.MERCHANTS_BY_APP.put(appId, new MerchantKeyView(merchantId, appId,
                OpenApiSigner.fixture("openapi/" + keyName + ".pub.pem"), true));
        return new MerchantClient(merchantId, appId,
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/" + keyName + ".key.pem")));
    }

    @Test
    void aMerchantSeesItsOwnTasksOnly() {
        String merchantA = id("mch_");
        MerchantClient a = merchant(merchantA, "merchant-a");
        MerchantClient b = merchant(id("mch_"), "merchant-b");
        Device d = registerDevice(merchantA);
        String robot = id("robot-");
        String serial = publishCommand(d, robot, "login", loginParams("8613808458584", null));
        awaitStatus(serial, CommandStatus.PENDING);

        String url = base.toString().replaceAll("/$", "");
        MerchantClient.Reply pending = a.call(url, "getTask", Map.of("vcSerialNo", serial));
        assertEquals(200, pending.status(), pending.body().toString());
        assertTrue(pending.success());
        JsonNode task = pending.data();
        assertEquals(serial, task.path("vcSerialNo").asText());
        assertEquals(robot, task.path("vcRobotSerialNo").asText());
        assertEquals("login", task.path("operation").asText());
        assertEquals("PENDING", task.path("status").asText());
        assertTrue(task.path("createdAt").isNumber());
        assertTrue(task.path("pushedAt").isNull());
        assertFalse(task.toString().contains("abc123456"), "never the content");

        try (LineDeviceSimulator device = d.simulator(base.toString())) {
            assertTrue(device.loginSuccess(serial, robot, "8613808458584").success());
        }
        awaitStatus(serial, CommandStatus.SUCCEEDED);
        JsonNode done = a.call(url, "getTask", Map.of("vcSerialNo", serial)).data();
        assertEquals("SUCCEEDED", done.path("status").asText());
        assertEquals("liu_liu", done.path("result").path("username").asText());
        assertTrue(done.path("completedAt").isNumber());
        assertFalse(done.toString().contains("cache"), "the result holds no cache_info: " + done);

        MerchantClient.Reply other = b.call(url, "getTask", Map.of("vcSerialNo", serial));
        assertEquals(403, other.status());
        assertEquals(40301, other.errorCode());

        String unknown = id("cmd-");
        MerchantClient.Reply missing = a.call(url, "getTask", Map.of("vcSerialNo", unknown));
        assertEquals(404, missing.status());
        assertEquals("task '" + unknown + "' not found", missing.body().path("vcErrorMsg").asText());

        assertEquals(400, a.call(url, "getTask", Map.of()).status());
    }
}
