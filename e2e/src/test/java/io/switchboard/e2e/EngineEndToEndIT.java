package io.switchboard.e2e;

import static io.switchboard.e2e.LineDeviceEndToEndIT.await;
import static io.switchboard.e2e.LineDeviceEndToEndIT.createMerchant;
import static io.switchboard.e2e.LineDeviceEndToEndIT.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.sim.engine.EngineSimulator;
import io.switchboard.sim.engine.IncomingText;
import io.switchboard.sim.engine.chat68.Chat68Engine;
import io.switchboard.sim.engine.imhttp.ImHttpApp;
import io.switchboard.sim.engine.linews.LineWsEngine;
import io.switchboard.sim.line.DeviceAutopilot;
import io.switchboard.sim.line.LineDeviceSimulator;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.OpenApiSigner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 7's one scenario over the four protocols, black-box: a merchant logs a robot in through the Open API,
 * hears 1001 and 1007, the device or engine pushes an incoming message that reaches the platform as a
 * {@code message.received} robot event, the merchant logs the robot out and hears 1004. The webhooks are the same
 * for every protocol but for protocol-specific {@code data}.
 */
class EngineEndToEndIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String PASSWORD = "engine-pw-1";
    /** The envelope every webhook has, whatever the protocol (DESIGN §3). */
    static final Set<String> ENVELOPE = Set.of("nResultCode", "vcResultMsg", "nType", "nTimeStamp", "optvcSerNo",
            "optvcMerchantId", "optvcRobotSerialNo", "data");
    static Platform platform;
    static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
        platform = Platform.shared();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    /** The robot's side: a LINE device on autopilot, or an engine simulator. */
    interface RobotSide extends AutoCloseable {
        Map<String, Object> loginFields(String robot);

        void incomingText(String robot, String text);

        /** The engine simulator behind the robot, to see what reached it; null for a LINE device. */
        default EngineSimulator engine() {
            return null;
        }

        /** The LINE device simulator behind the robot, to see what reached it; null for an engine robot. */
        default LineDeviceSimulator device() {
            return null;
        }

        @Override
        void close();
    }

    static RobotSide side(String protocol, JsonNode merchant, MerchantClient client) throws Exception {
        if (protocol.equals("LINE_DEVICE")) {
            String deviceNo = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
            assertTrue(client.call(Platform.shared().url("account-service"), "registerDevice",
                    Map.of("device_no", deviceNo)).success());
            LineDeviceSimulator device = new LineDeviceSimulator(Platform.shared().url("callback-service"), deviceNo,
                    merchant.path("deviceKey").asText());
            device.connect();
            DeviceAutopilot pilot = new DeviceAutopilot(device, new DeviceAutopilot.Settings(true, true,
                    Duration.ofMillis(200), 10, Duration.ofSeconds(1), Duration.ofSeconds(1)), s -> {}).start();
            return new RobotSide() {
                public Map<String, Object> loginFields(String robot) {
                    return Map.of("phone", "8613189639268", "device_no", deviceNo, "is_cache_login", "true",
                            "cache_info", "eyJjYWNoZSI6ICJlMmUifQ==");
                }

                public void incomingText(String robot, String text) {
                    assertTrue(device.receiveMessage(robot, "8613189639268", "m-" + UUID.randomUUID(), "u-friend",
                            "u-robot", null, "text", text, System.currentTimeMillis()).success());
                }

                public LineDeviceSimulator device() {
                    return device;
                }

                public void close() {
                    pilot.close();
                    device.close();
                }
            };
        }
        EngineSimulator sim = switch (protocol) {
            case "LINE_WS" -> LineWsEngine.start(0).password(PASSWORD);
            case "CHAT68_WS" -> Chat68Engine.start(0);
            default -> ImHttpApp.start(0).password(PASSWORD);
        };
        return new RobotSide() {
            public Map<String, Object> loginFields(String robot) {
                Map<String, Object> f = new HashMap<>(Map.of("engine_url", sim.url()));
                if (protocol.equals("LINE_WS")) {
                    f.put("email", "e2e@example.com");
                    f.put("password", PASSWORD);
                    f.put("cert", ((LineWsEngine) sim).certOf("e2e@example.com"));
                } else if (protocol.equals("IM_HTTP")) {
                    f.put("password", PASSWORD);
                }
                return f;
            }

            public void incomingText(String robot, String text) {
                sim.pushIncomingText(IncomingText.direct("friend-1", text));
            }

            public EngineSimulator engine() {
                return sim;
            }

            public void close() {
                sim.close();
            }
        };
    }

    /** message.received events of the robot on sb:robot-events (the transport the domain services read). */
    static List<JsonNode> messagesReceived(String robot) throws Exception {
        Process raw = new ProcessBuilder("redis-cli", "-n", Platform.TEST_REDIS_DB, "--raw", "XREVRANGE",
                "sb:robot-events", "+", "-", "COUNT", "2000").redirectErrorStream(true).start();
        String lines = new String(raw.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        raw.waitFor();
        return lines.lines().filter(l -> l.startsWith("{") && l.contains("\"message.received\"") && l.contains(robot))
                .map(l -> {
                    try {
                        return JSON.readTree(l);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"LINE_DEVICE", "LINE_WS", "CHAT68_WS", "IM_HTTP"})
    void loginOnlineIncomingMessageLogoutOnEveryProtocol(String protocol) throws Exception {
        JsonNode merchant = createMerchant(receiver.url());
        receiver.secret(merchant.path("webhookSecret").asText());
        String account = platform.url("account-service");
        MerchantClient client = new MerchantClient(merchant.path("merchantId").asText(), merchant.path("appId").asText(),
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-a.key.pem")));
        String robot = "robot-" + protocol.toLowerCase().replace('_', '-') + "-" + UUID.randomUUID().toString().substring(0, 6);
        try (RobotSide side = side(protocol, merchant, client)) {
            Map<String, Object> login = new HashMap<>(side.loginFields(robot));
            login.put("vcRobotSerialNo", robot);
            login.put("protocol", protocol);
            MerchantClient.Reply accepted = client.call(account, "login", login);
            assertTrue(accepted.success(), accepted.body()::toString);

            WebhookReceiver.Delivery result = receiver.await("1001 login result", webhook(1001, 0, robot), WAIT);
            WebhookReceiver.Delivery online = receiver.await("1007 online",
                    webhook(1007, 0, robot).and(j -> j.path("data").path("nstate").asInt() == 0), WAIT);
            JsonNode robotView = client.call(account, "getRobot", Map.of("vcRobotSerialNo", robot)).data();
            assertEquals(protocol, robotView.path("protocol").asText(), robotView::toString);
            assertEquals(0, robotView.path("nState").asInt());

            side.incomingText(robot, "hello over " + protocol);
            await("message.received on sb:robot-events", () -> {
                try {
                    return messagesReceived(robot).stream().anyMatch(e ->
                            ("hello over " + protocol).equals(e.path("data").path("content").asText())
                                    && protocol.equals(e.path("data").path("protocol").asText()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            MerchantClient.Reply out = client.call(account, "logout", Map.of("vcRobotSerialNo", robot));
            assertTrue(out.success(), out.body()::toString);
            WebhookReceiver.Delivery loggedOut = receiver.await("1004 logout", webhook(1004, 0, robot), WAIT);
            await("robot logged out", () -> client.call(account, "getRobot", Map.of("vcRobotSerialNo", robot))
                    .data().path("nState").asInt() == 5);

            for (WebhookReceiver.Delivery d : List.of(result, online, loggedOut)) {
                assertTrue(d.signatureValid(), "signed: " + d.json());
                assertEquals(ENVELOPE, fieldNames(d.json()), "the same envelope for every protocol: " + d.json());
                assertEquals(merchant.path("merchantId").asText(), d.json().path("optvcMerchantId").asText());
            }
            assertEquals(accepted.serialNo(), result.json().path("optvcSerNo").asText());
            assertEquals(out.serialNo(), loggedOut.json().path("optvcSerNo").asText());
        }
    }

    static Set<String> fieldNames(JsonNode n) {
        Set<String> names = new java.util.HashSet<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
