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

    /**
     * Graceful shutdown (SIGTERM): the stopping replica hands its engine link over at once — the survivor owns it
     * far sooner than its 30 s lease or its 30 s takeover round would allow — the robot carries on without a new
     * login, a command after the handover succeeds, and the webhook the stopping replica was sending when told to
     * stop is finished there and recorded once (not left to be sent again by another replica after its claim).
     */
    @Test
    void aStoppedReplicaHandsItsEngineRobotOverAtOnceAndFinishesTheWebhookItWasSending() throws Exception {
        Platform platform = Platform.shared();
        // Only the handover can explain a quick takeover: long leases and long takeover rounds.
        Map<String, String> slow = Map.of("SWITCHBOARD_CALLBACK_LINKS_LEASE_TTL", "30s",
                "SWITCHBOARD_CALLBACK_LINKS_RENEW_INTERVAL", "1s", "SWITCHBOARD_CALLBACK_LINKS_TAKEOVER_INTERVAL", "30s");
        // The shared replica takes orphaned links over every second: it must not be the one that explains it.
        platform.kill("callback-service");
        Process stopping = null;
        try (WebhookReceiver hooks = new WebhookReceiver(); LineWsEngine engine = LineWsEngine.start(0).password("gs-pw")) {
            // A's webhook sends may wait a minute (its merchant holds one while B boots), and so may its drain.
            Map<String, String> a = new java.util.HashMap<>(with(slow, "HOSTNAME", "grace-a"));
            a.put("SWITCHBOARD_WEBHOOKS_TIMEOUT", "60s");
            a.put("SWITCHBOARD_CALLBACK_SHUTDOWN_DRAIN_TIMEOUT", "60s");
            platform.startInstance("callback-grace-a", "callback-service", a);
            JsonNode merchant = LineDeviceEndToEndIT.createMerchant(hooks.url());
            hooks.secret(merchant.path("webhookSecret").asText());
            String merchantId = merchant.path("merchantId").asText();
            MerchantClient client = new MerchantClient(merchantId, merchant.path("appId").asText(),
                    OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-a.key.pem")));
            String account = platform.url("account-service");
            String robot = "robot-gs-" + UUID.randomUUID().toString().substring(0, 8);
            assertTrue(client.call(account, "login", Map.of("vcRobotSerialNo", robot, "protocol", "LINE_WS",
                    "engine_url", engine.url(), "email", "gs@example.com", "password", "gs-pw")).success());
            LineDeviceEndToEndIT.await("robot online", () -> client.call(account, "getRobot",
                    Map.of("vcRobotSerialNo", robot)).data().path("nState").asInt() == 0);
            engine.awaitConnections(1, WAIT);
            assertTrue(engineOwner(platform, "callback-grace-a", robot).startsWith("grace-a-"));

            // A command whose webhook A is sending (held by the merchant) when A is told to stop.
            hooks.hold();
            assertTrue(client.call(account, "getFriendList", Map.of("vcRobotSerialNo", robot, "refresh", "true"))
                    .success());
            LineDeviceEndToEndIT.await("A sending the 1003 webhook", () -> hooks.held() > 0);
            platform.startInstance("callback-grace-b", "callback-service", with(slow, "HOSTNAME", "grace-b"));
            // B's first takeover round runs 2 s after its start, the next 30 s later: let the first one pass, so
            // only the handover can explain a takeover now.
            org.awaitility.Awaitility.await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> true);

            long t0 = System.nanoTime();
            stopping = platform.terminate("callback-grace-a");
            LineDeviceEndToEndIT.await("B to own the engine link",
                    () -> engineOwner(platform, "callback-grace-b", robot).startsWith("grace-b-"));
            Duration takeover = Duration.ofNanos(System.nanoTime() - t0);
            assertTrue(takeover.compareTo(Duration.ofSeconds(10)) < 0, "taken over in " + takeover);
            assertTrue(stopping.isAlive(), "A still finishes its webhook send");

            hooks.release();
            assertTrue(stopping.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "A exits after its send");
            Duration exit = Duration.ofNanos(System.nanoTime() - t0);

            // The robot carries on from B: a command succeeds, and no new login was needed.
            assertTrue(client.call(account, "getFriendList", Map.of("vcRobotSerialNo", robot, "refresh", "true"))
                    .success());
            LineDeviceEndToEndIT.await("a second 1003, through B", () -> hooks.all().stream()
                    .filter(d -> d.json().path("nType").asInt() == 1003 && d.json().path("nResultCode").asInt() == 0)
                    .count() >= 2);
            assertEquals(1, engine.received("Login").size(), "the robot was not logged in again");

            // Every delivery of the merchant succeeded on its first attempt, each webhook-id arrived once.
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(platform.url("callback-grace-b")
                            + "/admin/deliveries?merchantId=" + merchantId))
                    .header("Authorization", "Bearer " + Platform.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode deliveries = JSON.readTree(r.body());
            assertTrue(deliveries.size() >= 2, r.body());
            for (JsonNode d : deliveries) {
                assertEquals("SUCCEEDED", d.path("status").asText(), d::toString);
                assertEquals(1, d.path("attemptCount").asInt(), d::toString);
            }
            Map<String, Long> perId = hooks.all().stream().collect(java.util.stream.Collectors.groupingBy(
                    WebhookReceiver.Delivery::id, java.util.stream.Collectors.counting()));
            perId.forEach((id, n) -> assertEquals(1L, n, "webhook " + id + " arrived " + n + " times"));
            System.out.printf("graceful shutdown: engine link taken over in %d ms, A exited after %d ms%n",
                    takeover.toMillis(), exit.toMillis());
        } finally {
            if (stopping != null) {
                stopping.destroyForcibly();
            }
            platform.kill("callback-grace-a");
            platform.kill("callback-grace-b");
            platform.startInstance("callback-service", "callback-service", Map.of()); // the shared one, back
        }
    }

    static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new java.util.HashMap<>(base);
        m.put(key, value);
        return m;
    }
}
