package io.switchboard.group;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.switchboard.common.api.Ids;
import io.switchboard.common.client.InternalViews.RobotRef;
import io.switchboard.common.client.MerchantKeyView;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.Streams;
import io.switchboard.sim.merchant.MerchantClient;
import io.switchboard.sim.merchant.OpenApiSigner;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What group-service's tests share: merchants and robots in the fake account-service, robot events, the outbox. */
final class GroupTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();

    private GroupTestSupport() {}

    record Merchant(String merchantId, MerchantClient client) {}

    static Merchant merchant(String keyName) {
        String merchantId = Ids.random("mch_", 8);
        String appId = Ids.random("app", 8);
        FakeAccountService.MERCHANTS_BY_APP.put(appId, new MerchantKeyView(merchantId, appId,
                OpenApiSigner.fixture("openapi/" + keyName + ".pub.pem"), true));
        return new Merchant(merchantId, new MerchantClient(merchantId, appId,
                OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/" + keyName + ".key.pem"))));
    }

    /** A robot of the merchant, known to the fake account-service. */
    static String robot(Merchant m, String protocol) {
        String serial = Ids.random("grp-robot-", 8);
        FakeAccountService.ROBOTS.put(serial, new RobotRef(serial, m.merchantId(), protocol, 0,
                protocol.equals("LINE_DEVICE") ? "dev-1" : null, "8613800000001"));
        return serial;
    }

    static <T> T bean(Class<T> type) {
        return Arc.container().instance(type).get();
    }

    /** What callback-service would put on sb:robot-events. */
    static EventEnvelope robotEvent(String type, String merchantId, String robot, String serialNo, JsonNode data) {
        EventEnvelope e = EventEnvelope.create(type, merchantId, robot, serialNo, "callback-service", data);
        try {
            bean(RedisDataSource.class).stream(String.class).xadd(Streams.ROBOT_EVENTS, Map.of(Streams.FIELD_ID, e.id(),
                    Streams.FIELD_EVENT, JSON.writeValueAsString(e)));
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
        return e;
    }

    static void awaitProcessed(EventEnvelope e) {
        awaitProcessed(e, Duration.ofSeconds(20));
    }

    static void awaitProcessed(EventEnvelope e, Duration atMost) {
        EntityManager em = bean(EntityManager.class);
        await("event " + e.type() + " processed").atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "select count(*) from processed_event where event_id = ?1")
                        .setParameter(1, UUID.fromString(e.id())).getSingleResult()).intValue()) == 1);
    }

    /**
     * Waits until an event group-service does not own has been passed over: a later event it does own is processed
     * (one consumer reads the stream in order), and the skipped one left no dedup row (EventHandler.wants).
     */
    static void awaitSkipped(EventEnvelope skipped) {
        EventEnvelope marker = robotEvent(EventTypes.GROUP_CHANGED, skipped.merchantId(), skipped.robotSerialNo(), null,
                JSON.createObjectNode());
        awaitProcessed(marker);
        EntityManager em = bean(EntityManager.class);
        assertEquals(0, QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from processed_event where event_id = ?1")
                .setParameter(1, UUID.fromString(skipped.id())).getSingleResult()).intValue()),
                "an event of another service's operation costs group-service no database write");
    }

    /** The command a serial published on sb:commands (the envelope), or null. */
    static JsonNode command(String serialNo) {
        EntityManager em = bean(EntityManager.class);
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select payload from outbox_event where stream = ?1 and payload like ?2")
                .setParameter(1, Streams.COMMANDS).setParameter(2, "%\"" + serialNo + "\"%").getResultList());
        return rows.isEmpty() ? null : read((String) rows.get(0));
    }

    /** The command's decrypted content: what the driver reads. */
    static JsonNode content(String serialNo) {
        JsonNode cmd = command(serialNo);
        return read(bean(SecretCipher.class).decrypt(cmd.path("data").path("contentEnc").asText(),
                SecretContexts.commandContent(serialNo)));
    }

    static long count(String sql, Object... args) {
        EntityManager em = bean(EntityManager.class);
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = em.createNativeQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.setParameter(i + 1, args[i]);
            }
            return ((Number) q.getSingleResult()).longValue();
        });
    }

    @SuppressWarnings("unchecked")
    static List<Object[]> rows(String sql, Object... args) {
        EntityManager em = bean(EntityManager.class);
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = em.createNativeQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.setParameter(i + 1, args[i]);
            }
            return (List<Object[]>) q.getResultList();
        });
    }

    /** The merchant notifications queued for a robot (envelopes), in order. */
    @SuppressWarnings("unchecked")
    static List<JsonNode> webhooks(String robot) {
        EntityManager em = bean(EntityManager.class);
        List<String> payloads = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                        "select payload from outbox_event where stream = ?1 and payload like ?2 order by seq")
                .setParameter(1, Streams.MERCHANT_EVENTS).setParameter(2, "%\"" + robot + "\"%").getResultList());
        return payloads.stream().map(GroupTestSupport::read).toList();
    }

    /** The one webhook a serial produced (the notification envelope), or null. */
    static JsonNode webhook(String robot, String serialNo) {
        return webhooks(robot).stream().filter(w -> serialNo.equals(w.path("serialNo").asText())).findFirst()
                .orElse(null);
    }

    static JsonNode read(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode obj() {
        return JSON.createObjectNode();
    }

    /** A normalised group (docs/SOCIAL.md) with members u1..uN joined at 1674098300774 + i. */
    static ObjectNode group(String id, String name, int members) {
        ObjectNode g = obj().put("groupId", id).put("groupName", name).put("groupKey", "key-" + id)
                .put("groupTagB", 59542651L).put("ownerUserId", "owner-" + id).put("ownerTagB", 4094372L)
                .put("createTime", 1674098300774L).put("strData", "sd-" + id);
        g.putNull("notice");
        if (members < 0) {
            g.putNull("members");
        } else {
            var a = g.putArray("members");
            for (int i = 0; i < members; i++) {
                a.addObject().put("userId", "u" + i + "-" + id).put("joinTime", 1674098300774L + i);
            }
            g.put("memberCount", members);
        }
        return g;
    }
}
