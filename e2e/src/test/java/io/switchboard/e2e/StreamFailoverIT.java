package io.switchboard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.sim.line.DeviceAutopilot;
import io.switchboard.sim.line.LineDeviceSimulator;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.OpenApiSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The live stream across two real callback-service JVMs (docs/STREAM.md): a merchant's stream client, connected to
 * replica A with a signed handshake, receives the first part of a run of inbound messages (webhook 1005), disconnects;
 * more messages arrive while it is away; it reconnects to replica B with {@code since=} the cursor of the last frame
 * it received, and then more messages arrive live. It must see every message exactly once, cursors only growing;
 * each robot's messages in its device's order is a separate (disabled) test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamFailoverIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int PER_PART = 15;

    /** A stream client: collects the frames of one connection. */
    static final class StreamClient implements WebSocket.Listener {
        final List<JsonNode> frames = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        static StreamClient connect(String replicaUrl, MerchantClient merchant, Map<String, String> extra) throws Exception {
            StreamClient c = new StreamClient();
            String query = OpenApiSigner.formBody(merchant.signedQuery("stream", extra));
            c.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(replicaUrl.replaceFirst("^http", "ws") + "/stream/ws?" + query), c)
                    .get(15, TimeUnit.SECONDS);
            return c;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException("a frame that is not JSON: " + partial, e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closed.complete(code);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        List<JsonNode> messages(String tag) {
            return frames.stream().filter(f -> f.path("nType").asInt() == 1005
                    && f.path("data").path("vcMsgId").asText().startsWith(tag)).toList();
        }

        void close() throws Exception {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
            closed.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void aClientResumingOnAnotherReplicaSeesEveryEventOnceInCursorOrder() throws Exception {
        Platform platform = Platform.shared();
        platform.startInstance("callback-stream-b", "callback-service", Map.of("HOSTNAME", "stream-b"));
        try {
            JsonNode m = LineDeviceEndToEndIT.createMerchant("http://127.0.0.1:9/unused");
            MerchantClient merchant = new MerchantClient(m.path("merchantId").asText(), m.path("appId").asText(),
                    OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/merchant-a.key.pem")));
            String account = platform.url("account-service");
            String replicaA = platform.url("callback-service");
            String replicaB = platform.url("callback-stream-b");
            String deviceNo = "sf-" + UUID.randomUUID().toString().substring(0, 8);
            assertTrue(merchant.call(account, "registerDevice", Map.of("device_no", deviceNo)).success());
            List<String> robots = List.of("sf-r1-" + deviceNo, "sf-r2-" + deviceNo);
            List<String> phones = List.of("8613100000001", "8613100000002");
            String tag = "sf-" + UUID.randomUUID().toString().substring(0, 8);
            try (LineDeviceSimulator device = new LineDeviceSimulator(replicaA, deviceNo, m.path("deviceKey").asText());
                 DeviceAutopilot pilot = new DeviceAutopilot(device, DeviceAutopilot.Settings.defaults(), s -> { })) {
                device.connect();
                pilot.start();
                for (int r = 0; r < robots.size(); r++) {
                    assertTrue(merchant.call(account, "login", Map.of("vcRobotSerialNo", robots.get(r),
                            "device_no", deviceNo, "phone", phones.get(r), "is_cache_login", "true",
                            "cache_info", "eyJzdHJlYW0iOiAiZmFpbG92ZXIifQ==")).success());
                }
                for (String robot : robots) {
                    LineDeviceEndToEndIT.await(robot + " online", () -> merchant.call(account, "getRobot",
                            Map.of("vcRobotSerialNo", robot)).data().path("nState").asInt() == 0);
                }
                // Part 1 live on A, part 2 while disconnected, part 3 live on B after resuming.
                StreamClient onA = StreamClient.connect(replicaA, merchant, Map.of());
                send(device, robots, phones, tag, 0);
                LineDeviceEndToEndIT.await("part 1 on A", () -> onA.messages(tag).size() >= 2 * PER_PART);
                onA.close();
                String cursor = onA.frames.getLast().path("cursor").asText();

                send(device, robots, phones, tag, 1);
                StreamClient onB = StreamClient.connect(replicaB, merchant, Map.of("since", cursor));
                send(device, robots, phones, tag, 2);
                LineDeviceEndToEndIT.await("parts 2 and 3 on B", () -> onB.messages(tag).size() >= 4 * PER_PART);
                // Anything sent twice would arrive right behind: the count must hold still for a second.
                org.awaitility.Awaitility.await("no frame after the last one").during(Duration.ofSeconds(1))
                        .atMost(Duration.ofSeconds(5)).until(() -> onB.messages(tag).size() == 4 * PER_PART);
                onB.close();

                List<JsonNode> all = new ArrayList<>(onA.frames);
                all.addAll(onB.frames);
                received = assertFramesExactlyOnceInCursorOrder(all, tag, robots);
            }
        } finally {
            platform.kill("callback-stream-b");
        }
    }

    /** {@code PER_PART} inbound messages per robot, numbered by part; each accepted before the next is sent. */
    private static void send(LineDeviceSimulator device, List<String> robots, List<String> phones, String tag, int part) {
        for (int i = 0; i < PER_PART; i++) {
            for (int r = 0; r < robots.size(); r++) {
                int n = part * PER_PART + i;
                String id = tag + "-" + r + "-" + String.format("%03d", n);
                assertTrue(device.receiveMessage(robots.get(r), phones.get(r), id, "u-friend", "u-robot", null, "text",
                        "message " + n, System.currentTimeMillis()).success(), "message " + id + " accepted");
            }
        }
    }

    /** Each robot's message numbers in the order the client received them (from the first test). */
    static Map<String, List<Integer>> received;
    static List<String> robotsOfTheRun;

    /**
     * Every frame exactly once across both connections, cursors only growing; returns each robot's message numbers
     * in the order received.
     */
    static Map<String, List<Integer>> assertFramesExactlyOnceInCursorOrder(List<JsonNode> frames, String tag,
                                                                           List<String> robots) {
        robotsOfTheRun = robots;
        Map<String, Integer> seen = new HashMap<>();
        Map<String, List<Integer>> byRobot = new HashMap<>();
        long lastCursor = 0;
        for (JsonNode f : frames) {
            long cursor = Long.parseLong(f.path("cursor").asText());
            assertTrue(cursor > lastCursor, "cursors only grow across both connections: " + cursor + " after " + lastCursor);
            lastCursor = cursor;
            String id = f.path("data").path("vcMsgId").asText();
            if (f.path("nType").asInt() != 1005 || !id.startsWith(tag)) {
                continue;
            }
            seen.merge(id, 1, Integer::sum);
            byRobot.computeIfAbsent(f.path("optvcRobotSerialNo").asText(), k -> new ArrayList<>())
                    .add(Integer.parseInt(id.substring(id.lastIndexOf('-') + 1)));
        }
        List<String> twice = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        assertEquals(List.of(), twice, "messages seen more than once");
        assertEquals(3 * PER_PART * robots.size(), seen.size(), "every message seen: " + seen.keySet());
        return byRobot;
    }

    /**
     * Issue 10: "in order per robot": each robot's messages in the order its device reported them (each accepted
     * before the next was sent).
     */
    @Test
    @Order(2)
    @Disabled("fails: the event pipeline does not keep a robot's order (docs/RELIABILITY.md gaps, \"Ordering at "
            + "consumers is not guaranteed\"); seen on 2026-12-03: a robot's messages 13 and 14 in cursor order 14, 13. "
            + "The stream itself resumes without gap or repeat (the test above)")
    void eachRobotsMessagesArriveInTheOrderItsDeviceReportedThem() {
        assertNotNull(received, "the resume test ran");
        List<Integer> expected = java.util.stream.IntStream.range(0, 3 * PER_PART).boxed().toList();
        for (String robot : robotsOfTheRun) {
            assertEquals(expected, received.get(robot), robot + "'s messages in the order it received them");
        }
    }
}
