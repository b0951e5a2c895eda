package io.switchboard.callback.line;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.callback.FakeAccountService;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.command.CommandStatus;
import io.switchboard.callback.command.CommandStore;
import io.switchboard.callback.link.LinkId;
import io.switchboard.callback.link.RobotLinks;
import io.switchboard.common.client.InternalViews.DeviceView;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import io.switchboard.common.event.CommandRequest;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.Outbox;
import io.switchboard.common.event.Streams;
import io.switchboard.sim.line.LineDeviceSimulator;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.awaitility.Awaitility;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** What the LINE tests share: devices and merchants, publishing commands, reading commands and robot events. */
public final class LineTestSupport {
    static final String ADMIN = "Bearer test-admin-token";
    public static final Duration WAIT = Duration.ofSeconds(10);

    private LineTestSupport() {}

    public static <T> T bean(Class<T> type) {
        return Arc.container().instance(type).get();
    }

    public static String id(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A merchant's registered device (in the fake account-service) and its key. */
    public record Device(String deviceNo, String merchantId, String key) {
        public LineDeviceSimulator simulator(String baseUrl) {
            return new LineDeviceSimulator(baseUrl, deviceNo, key);
        }
    }

    public static Device registerDevice(String merchantId) {
        Device d = new Device(id("dev-"), merchantId, id("key-"));
        FakeAccountService.DEVICES.put(d.deviceNo(), new DeviceView(d.deviceNo(), merchantId, d.key(), true));
        return d;
    }

    /**
     * A robot of the device's merchant, known to callback-service as a stored login command would make it (its
     * robot_link row): device callbacks may only name such robots.
     */
    public static String robotOf(Device d) {
        String robot = id("robot-");
        QuarkusTransaction.requiringNew().run(() -> bean(RobotLinks.class).record(robot, d.merchantId(),
                new LinkId("LINE_DEVICE", d.deviceNo()), null, true));
        return robot;
    }

    /** The unified login parameters account-service sends (decrypted command content). */
    static ObjectNode loginParams(String phone, String cacheInfo) {
        ObjectNode p = bean(ObjectMapper.class).createObjectNode()
                .put("username", "yufan").put("password", "abc123456").put("cacheInfo", cacheInfo)
                .put("isCacheLogin", cacheInfo != null).put("countryCode", "86").put("phone", phone)
                .put("loginType", "password");
        p.putObject("socks5").put("ip", "gate13.rola.info").put("port", 2083).put("user", "ajdmh_12345")
                .put("pwd", "aa123456");
        return p;
    }

    /** Publishes command.requested through this service's real outbox, as a domain service would. */
    static String publishCommand(Device d, String robot, String operation, String protocol, JsonNode params,
                                 long deadlineAt) {
        return publish(d.merchantId(), robot, operation, protocol, d.deviceNo(), null, params, deadlineAt);
    }

    /** A command for any protocol: a device's ({@code deviceNo}) or an engine's ({@code engineUrl}). */
    public static String publish(String merchantId, String robot, String operation, String protocol, String deviceNo,
                                 String engineUrl, JsonNode params, long deadlineAt) {
        String serial = id("cmd-");
        SecretCipher cipher = bean(SecretCipher.class);
        ObjectMapper json = bean(ObjectMapper.class);
        String phone = params.path("phone").asText("8613189639268");
        CommandRequest req = new CommandRequest(operation, protocol, deviceNo, engineUrl, phone,
                cipher.encrypt(params.toString(), SecretContexts.commandContent(serial)), deadlineAt);
        EventEnvelope e = EventEnvelope.create(EventTypes.COMMAND_REQUESTED, merchantId, robot, serial, "test",
                json.valueToTree(req));
        QuarkusTransaction.requiringNew().run(() -> bean(Outbox.class).publish(Streams.COMMANDS, e));
        return serial;
    }

    static String publishCommand(Device d, String robot, String operation, JsonNode params) {
        return publishCommand(d, robot, operation, "LINE_DEVICE", params, System.currentTimeMillis() + 60_000);
    }

    /** A content of each message type: multi-line text with an emoji, a media URL, a location, a contact card. */
    public static String sampleContent(int msgType) {
        return switch (msgType) {
            case 0 -> "第一行\n第二行 😀";
            case 5 -> "{\"title\":\"東京タワー\",\"address\":\"4-2-8 Shibakoen\",\"latitude\":35.6586,\"longitude\":139.7454}";
            case 6 -> "{\"userId\":\"ua08d7e13bd2c83cee05be89e30aece81\",\"name\":\"Bob\"}";
            default -> "https://cdn.example.com/media/" + msgType + "/file.bin";
        };
    }

    /** The unified content of a send that message-service sends (docs/MESSAGING.md "Command content"). */
    public static ObjectNode sendContent(String targetId, int msgType, String content) {
        ObjectNode m = bean(ObjectMapper.class).createObjectNode().put("targetId", targetId).put("msgType", msgType)
                .put("content", content).put("beforeSleepMs", 0).put("afterSleepMs", 0).put("msgNum", 1);
        m.putNull("groupInfo");
        return m;
    }

    public static CommandRecord command(String serial) {
        return QuarkusTransaction.requiringNew().call(() -> bean(CommandStore.class).find(serial).orElse(null));
    }

    public static CommandRecord awaitStatus(String serial, CommandStatus status) {
        return await(() -> command(serial), c -> c != null && c.status == status,
                "command " + serial + " to become " + status);
    }

    /** The robot events (sb:robot-events, from the outbox) of this type, oldest first. */
    @SuppressWarnings("unchecked")
    public static List<JsonNode> events(String type, Predicate<JsonNode> match) {
        ObjectMapper json = bean(ObjectMapper.class);
        List<String> payloads = QuarkusTransaction.requiringNew().call(() -> bean(EntityManager.class)
                .createNativeQuery("select payload from outbox_event where stream = ?1 and event_type = ?2 order by seq")
                .setParameter(1, Streams.ROBOT_EVENTS).setParameter(2, type).getResultList());
        List<JsonNode> out = new ArrayList<>();
        for (String p : payloads) {
            try {
                JsonNode n = json.readTree(p);
                if (match.test(n)) {
                    out.add(n);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    public static List<JsonNode> eventsForSerial(String type, String serial) {
        return events(type, e -> serial.equals(e.path("serialNo").asText(null)));
    }

    public static List<JsonNode> eventsForRobot(String type, String robot) {
        return events(type, e -> robot.equals(e.path("robotSerialNo").asText(null)));
    }

    public static JsonNode awaitEvent(String type, Predicate<JsonNode> match) {
        return await(() -> events(type, match), l -> !l.isEmpty(), "a " + type + " event").get(0);
    }

    public static <T> T await(Supplier<T> read, Predicate<T> done, String what) {
        // Wrapped: Awaitility's predicate conditions never match a null value, and "gone" (null) is a state we wait for.
        return Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> java.util.Optional.ofNullable(read.get()), o -> done.test(o.orElse(null))).orElse(null);
    }
}
