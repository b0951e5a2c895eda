package io.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.sim.engine.linews.LineWsEngine;
import io.switchboard.sim.line.LineDeviceSimulator;
import io.switchboard.sim.line.PushCommand;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.OpenApiSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two more callback-service replicas beside the shared one, on the same PostgreSQL and Redis, black-box: a device
 * holds its socket on replica A; A is killed (SIGKILL); within A's lease the link has no live owner any more; a
 * login the merchant sends meanwhile waits in PostgreSQL; the device reconnects to replica B, which takes the link
 * and pushes the waiting command.
 */
class FailoverIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration LEASE = Duration.ofSeconds(3);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static JsonNode links(Platform platform, String replica, String deviceNo) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(platform.url(replica)
                        + "/admin/links?protocol=LINE_DEVICE&linkKey=" + deviceNo))
                .header("Authorization", "Bearer " + Platform.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /** The replica id that owns the device's link, as B sees it ("" when none). */
    static String owner(Platform platform, String deviceNo) {
        try {
            JsonNode rows = links(platform, "callback-b", deviceNo);
            return rows.isEmpty() ? "?" : rows.get(0).path("owner").asText("");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aKilledReplicasDeviceLinkMovesToTheSurvivorAndItsPendingCommandArrives() throws Exception {
        Platform platform = Platform.shared();
        Map<String, String> fast = Map.of("SWITCHBOARD_CALLBACK_LINKS_LEASE_TTL", LEASE.toSeconds() + "s",
                "SWITCHBOARD_CALLBACK_LINKS_RENEW_INTERVAL", "1s", "SWITCHBOARD_CALLBACK_LINKS_REDISPATCH_INTERVAL", "1s",
                "HOSTNAME", "replica");
        platform.startInstance("callback-a", "callback-service", fast);
        platform.startInstance("callback-b", "callback-service", fast);

        JsonNode merchant = LineDeviceEndToEndIT.createMerchant("http://127.0.0.1:9/unused");
        MerchantClient client = new MerchantClient(merchant.path("merchantId").asText(), merchant.path("appId").asText(),
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-a.key.pem")));
        String account = platform.url("account-service");
        String deviceNo = "fo-" + UUID.randomUUID().toString().substring(0, 8);
        String robot = "robot-" + UUID.randomUUID().toString().substring(0, 8);
        String key = merchant.path("deviceKey").asText();
        assertTrue(client.call(account, "registerDevice", Map.of("device_no", deviceNo)).success());

        LineDeviceSimulator onA = new LineDeviceSimulator(platform.url("callback-a"), deviceNo, key);
        onA.connect();
        // The first login creates the robot and its link row; the device on A receives it.
        MerchantClient.Reply first = client.call(account, "login", Map.of("vcRobotSerialNo", robot,
                "phone", "8613189639268", "device_no", deviceNo, "password", "pw"));
        assertTrue(first.success(), first.body()::toString);
        assertNotNull(onA.awaitCommand(10000, WAIT), "the device on A received the first login");
        String ownerA = owner(platform, deviceNo);
        assertTrue(ownerA.startsWith("replica-"), "A owns the link: " + ownerA);
        assertTrue(onA.loginFailure(first.serialNo(), robot, "8613189639268", "wrong password").success());

        long killedAt = System.nanoTime();
        platform.kill("callback-a");
        LineDeviceEndToEndIT.await("A's links to lapse", () -> owner(platform, deviceNo).isEmpty());
        Duration lapse = Duration.ofNanos(System.nanoTime() - killedAt);
        assertTrue(lapse.compareTo(LEASE.plusSeconds(2)) < 0, "the link lapsed within the lease (+1 renewal): " + lapse);

        // Meanwhile the merchant tries again: the command waits for the device.
        LineDeviceEndToEndIT.await("the robot to leave LOGGING_IN", () -> client.call(account, "getRobot",
                Map.of("vcRobotSerialNo", robot)).data().path("nState").asInt() != 4);
        MerchantClient.Reply second = client.call(account, "login", Map.of("vcRobotSerialNo", robot,
                "phone", "8613189639268", "device_no", deviceNo, "password", "pw"));
        assertTrue(second.success(), second.body()::toString);

        try (LineDeviceSimulator onB = new LineDeviceSimulator(platform.url("callback-b"), deviceNo, key)) {
            onB.connect();
            PushCommand cmd = onB.awaitCommand(10000, WAIT);
            assertNotNull(cmd, "the pending login reached the device on the survivor");
            assertEquals(second.serialNo(), cmd.serialNo());
            String ownerB = owner(platform, deviceNo);
            assertTrue(ownerB.startsWith("replica-") && !ownerB.equals(ownerA), "B owns the link: " + ownerB);
        } finally {
            onA.close();
            platform.kill("callback-b");
        }
    }

    /** The replica id that owns an engine robot's link, as {@code instance} sees it ("" when none). */
    static String engineOwner(Platform platform, String instance, String robot) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(platform.url(instance)
                            + "/admin/links?protocol=LINE_WS&linkKey=" + robot))
                    .header("Authorization", "Bearer " + Platform.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode rows = JSON.readTree(r.body());
            return rows.isEmpty() ? "?" : rows.get(0).path("owner").asText("");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aKilledReplicasEngineRobotIsReconnectedByTheSurvivorWithoutMerchantAction() throws Exception {
        Platform platform = Platform.shared();
        platform.startInstance("callback-engine-b", "callback-service", Map.of(
                "SWITCHBOARD_CALLBACK_LINKS_LEASE_TTL", LEASE.toSeconds() + "s",
                "SWITCHBOARD_CALLBACK_LINKS_RENEW_INTERVAL", "1s", "SWITCHBOARD_CALLBACK_LINKS_TAKEOVER_INTERVAL", "1s",
                "HOSTNAME", "engine-b"));
        String killed = null;
        try (LineWsEngine engine = LineWsEngine.start(0).password("fo-pw")) {
            JsonNode merchant = LineDeviceEndToEndIT.createMerchant("http://127.0.0.1:9/unused");
            MerchantClient client = new MerchantClient(merchant.path("merchantId").asText(),
                    merchant.path("appId").asText(),
                    OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-a.key.pem")));
            String account = platform.url("account-service");
            String robot = "robot-ws-" + UUID.randomUUID().toString().substring(0, 8);
            // A first email login: the engine shows a PIN (typed at once by the simulator) and issues a cert.
            MerchantClient.Reply login = client.call(account, "login", Map.of("vcRobotSerialNo", robot,
                    "protocol", "LINE_WS", "engine_url", engine.url(), "email", "fo@example.com", "password", "fo-pw"));
            assertTrue(login.success(), login.body()::toString);
            LineDeviceEndToEndIT.await("robot online", () -> client.call(account, "getRobot",
                    Map.of("vcRobotSerialNo", robot)).data().path("nState").asInt() == 0);
            engine.awaitConnections(1, WAIT);

            // Kill whichever replica holds the engine connection; the other one is the survivor.
            String owner = engineOwner(platform, "callback-engine-b", robot);
            killed = owner.startsWith("engine-b-") ? "callback-engine-b" : "callback-service";
            String survivor = killed.equals("callback-service") ? "callback-engine-b" : "callback-service";
            long killedAt = System.currentTimeMillis();
            platform.kill(killed);

            LineDeviceEndToEndIT.await("the survivor to own the engine link", () -> {
                String now = engineOwner(platform, survivor, robot);
                return !now.isEmpty() && !now.equals(owner) && !now.equals("?");
            });
            engine.awaitConnections(1, WAIT);
            // The robot is online again (or still) with heartbeats from the survivor's probes, with no login.
            LineDeviceEndToEndIT.await("heartbeats after the kill", () -> {
                JsonNode r = client.call(account, "getRobot", Map.of("vcRobotSerialNo", robot)).data();
                return r.path("nState").asInt() == 0 && r.path("lastHeartbeat").asLong(0) > killedAt;
            });
            assertEquals(1, engine.received("Login").size(), "the robot was not logged in again");
        } finally {
            platform.kill("callback-engine-b");
            if ("callback-service".equals(killed)) {
                platform.startInstance("callback-service", "callback-service", Map.of()); // the shared one, back
            }
        }
    }
}
