package io.switchboard.callback.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.callback.FakeAccountService;
import io.switchboard.callback.webhook.WebhookDeliveryRepository;
import io.switchboard.common.client.AccountDirectory;
import io.switchboard.common.client.MerchantKeyView;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.MerchantNotification;
import io.switchboard.common.event.Outbox;
import io.switchboard.common.event.Streams;
import io.switchboard.sim.merchant.OpenApiSigner;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /stream/ws} end to end in one service: real PostgreSQL and Redis, events through the real outbox,
 * relay and consumer, and the JDK's WebSocket client as the merchant. Test profile: buffer 16 frames, stall
 * timeout 1 s, two connections per merchant, poll every 500 ms.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class StreamTest {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ADMIN = Map.of("Authorization", "Bearer test-admin-token");

    @TestHTTPResource("/stream/ws")
    URL endpoint;

    /** A merchant registered in the fake account-service, with the key it signs with. */
    record Merchant(String id, String appId, PrivateKey key) {}

    static Merchant merchant(String keyName) {
        String id = "mch_st_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String appId = "app_st_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        FakeAccountService.MERCHANTS_BY_APP.put(appId, new MerchantKeyView(id, appId,
                OpenApiSigner.fixture("openapi/" + keyName + ".pub.pem"), true));
        return new Merchant(id, appId, OpenApiSigner.privateKeyFromPem(OpenApiSigner.fixture("openapi/" + keyName + ".key.pem")));
    }

    /** The merchant's signed query, built from DESIGN §2 by the simulator's signer; {@code tamper} runs after signing. */
    URI signed(Merchant m, String since, Consumer<Map<String, String>> beforeSigning, Consumer<Map<String, String>> afterSigning) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("app_id", m.appId());
        p.put("merchant_id", m.id());
        p.put("method", "switchboard.stream");
        p.put("timestamp", ZonedDateTime.now(ZoneId.of("GMT+8")).format(TS));
        p.put("sign_type", "RSA2");
        p.put("nonce", UUID.randomUUID().toString());
        if (since != null) {
            p.put("since", since);
        }
        beforeSigning.accept(p);
        p.put("sign", OpenApiSigner.sign(p, "RSA2", m.key()));
        afterSigning.accept(p);
        return uri(p);
    }

    URI signed(Merchant m, String since) {
        return signed(m, since, p -> { }, p -> { });
    }

    URI admin(String merchantId, String since) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("merchant_id", merchantId);
        if (since != null) {
            p.put("since", since);
        }
        return uri(p);
    }

    private URI uri(Map<String, String> p) {
        String query = p.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return URI.create(endpoint.toString().replaceFirst("^http", "ws") + (query.isEmpty() ? "" : "?" + query));
    }

    /** Publishes a merchant notification through this service's real outbox (relay → stream → consumer). */
    static String publish(String merchantId, int nType, String text) {
        ObjectMapper json = bean(ObjectMapper.class);
        EventEnvelope event = EventEnvelope.create(EventTypes.MERCHANT_NOTIFICATION, merchantId, "robot-st",
                "serial-" + UUID.randomUUID(), "test",
                json.valueToTree(new MerchantNotification(nType, 0, "", json.createObjectNode().put("Content", text))));
        QuarkusTransaction.requiringNew().run(() -> bean(Outbox.class).publish(Streams.MERCHANT_EVENTS, event));
        return event.id();
    }

    static <T> T bean(Class<T> type) {
        return Arc.container().instance(type).get();
    }

    static void awaitFrames(StreamClient c, int n) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> c.frames.size() >= n);
    }

    /** Exactly these ids, each once, with strictly increasing cursors. */
    static void assertExactlyOnceInOrder(List<String> expected, StreamClient... clients) {
        List<String> ids = new ArrayList<>();
        long last = -1;
        for (StreamClient c : clients) {
            for (long cursor : c.cursors()) {
                assertTrue(cursor > last, "cursors must increase: " + c.cursors());
                last = cursor;
            }
            ids.addAll(c.ids());
        }
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no event twice: " + ids);
        assertEquals(new HashSet<>(expected), new HashSet<>(ids), "every event, and only the merchant's");
    }

    @Test
    void refusesBadAuthenticationBeforeTheUpgrade() {
        Merchant m = merchant("merchant-a");
        Merchant other = merchant("merchant-b");

        StreamClient.Refusal none = StreamClient.refused(uri(Map.of()), Map.of());
        assertEquals(401, none.status());
        assertEquals(40100, none.errorCode());

        StreamClient.Refusal badSign = StreamClient.refused(signed(m, null, p -> { },
                p -> p.put("sign", OpenApiSigner.sign(p, "RSA2", other.key()))), Map.of());
        assertEquals(401, badSign.status(), badSign.reason());
        assertEquals(40101, badSign.errorCode());

        StreamClient.Refusal stale = StreamClient.refused(signed(m, null, p -> p.put("timestamp",
                ZonedDateTime.now(ZoneId.of("GMT+8")).minusHours(1).format(TS)), p -> { }), Map.of());
        assertEquals(401, stale.status(), stale.reason());
        assertEquals(40102, stale.errorCode());

        StreamClient.Refusal unknown = StreamClient.refused(signed(m, null, p -> p.put("app_id", "app_st_nobody"),
                p -> { }), Map.of());
        assertEquals(401, unknown.status(), unknown.reason());
        assertEquals(40103, unknown.errorCode());

        // since is signed: changing it after signing breaks the signature.
        StreamClient.Refusal movedSince = StreamClient.refused(signed(m, "0", p -> { }, p -> p.put("since", "5")),
                Map.of());
        assertEquals(40101, movedSince.errorCode(), movedSince.reason());

        StreamClient.Refusal badSince = StreamClient.refused(signed(m, "abc"), Map.of());
        assertEquals(400, badSince.status());
        assertEquals(40001, badSince.errorCode());
        StreamClient.Refusal injected = StreamClient.refused(signed(m, "1\r\nx-evil: 1"), Map.of());
        assertEquals(400, injected.status());
        assertTrue(injected.reason().contains("'1??x-evil: 1'"), "quoted, control characters replaced: " + injected.reason());
        StreamClient.Refusal ahead = StreamClient.refused(signed(m, "7"), Map.of());
        assertEquals(400, ahead.status());
        assertTrue(ahead.reason().contains("ahead"), ahead.reason());

        StreamClient.Refusal badToken = StreamClient.refused(admin(m.id(), null),
                Map.of("Authorization", "Bearer wrong"));
        assertEquals(401, badToken.status());
        assertEquals(40100, badToken.errorCode());
        StreamClient.Refusal noMerchant = StreamClient.refused(uri(Map.of()), ADMIN);
        assertEquals(400, noMerchant.status());

        // The same signed query twice is a replay.
        URI once = signed(m, null);
        try (StreamClient ok = StreamClient.open(once, Map.of(), false)) {
            StreamClient.Refusal replay = StreamClient.refused(once, Map.of());
            assertEquals(409, replay.status());
            assertEquals(40901, replay.errorCode());
        }
    }

    @Test
    void liveFramesAreTheWebhookBodyWithIdAndCursorAndOnlyTheMerchantsOwn() throws Exception {
        Merchant a = merchant("merchant-a");
        Merchant b = merchant("merchant-b");
        try (StreamClient ca = StreamClient.open(signed(a, null), Map.of(), false);
             StreamClient cb = StreamClient.open(admin(b.id(), null), ADMIN, false)) {
            List<String> forA = List.of(publish(a.id(), 1005, "a1"), publish(a.id(), 1007, "a2"),
                    publish(a.id(), 2004, "a3"));
            List<String> forB = List.of(publish(b.id(), 1005, "b1"), publish(b.id(), 1005, "b2"));
            awaitFrames(ca, 3);
            awaitFrames(cb, 2);
            // Later events of either merchant prove nothing extra arrived in between.
            String lastA = publish(a.id(), 1005, "a4");
            String lastB = publish(b.id(), 1005, "b3");
            awaitFrames(ca, 4);
            awaitFrames(cb, 3);
            assertExactlyOnceInOrder(concat(forA, lastA), ca);
            assertExactlyOnceInOrder(concat(forB, lastB), cb);
            assertEquals(List.of(1L, 2L, 3L, 4L), ca.cursors(), "a merchant's cursors count its own events");

            WebhookDeliveryRepository deliveries = bean(WebhookDeliveryRepository.class);
            for (JsonNode frame : ca.frames) {
                String id = frame.path("id").asText();
                assertEquals("id", frame.fieldNames().next(), "id comes first");
                String body = QuarkusTransaction.requiringNew().call(() -> deliveries
                        .find("eventId", UUID.fromString(id)).firstResult().body);
                ObjectNode rest = (ObjectNode) frame.deepCopy();
                rest.remove("id");
                rest.remove("cursor");
                assertEquals(JSON.readTree(body), rest, "the frame is the webhook's body plus id and cursor");
                assertEquals(a.id(), frame.path("optvcMerchantId").asText());
            }
        }
    }

    @Test
    void reconnectWithSinceSeesEveryEventExactlyOnceInOrder() {
        Merchant m = merchant("merchant-a");
        List<String> published = new ArrayList<>();
        StreamClient first = StreamClient.open(signed(m, null), Map.of(), false);
        for (int i = 0; i < 5; i++) {
            published.add(publish(m.id(), 1005, "before-" + i));
        }
        awaitFrames(first, 3); // disconnect part way: some of the five may still be on their way
        first.close();
        String resumeAt = first.lastCursor();
        for (int i = 0; i < 5; i++) {
            published.add(publish(m.id(), 1005, "while-away-" + i)); // written while nobody listens
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> bean(StreamLog.class).head(m.id()) == 10);
        try (StreamClient second = StreamClient.open(signed(m, resumeAt), Map.of(), false)) {
            for (int i = 0; i < 5; i++) {
                published.add(publish(m.id(), 1005, "after-" + i));
            }
            awaitFrames(second, 15 - first.frames.size());
            assertExactlyOnceInOrder(published, first, second);
            assertEquals(15, first.frames.size() + second.frames.size());
        }
    }

    @Test
    void aFreshConnectionResumesFromEntriesAnotherReplicaWrote() {
        String merchantId = "mch_st_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            written.add(insertElsewhere(merchantId, "{\"nType\":1005,\"data\":{\"n\":" + i + "}}"));
        }
        // since=0 from the start, through pages (page size 100, buffer 16: the loop reads several times).
        List<String> tail;
        try (StreamClient first = StreamClient.open(admin(merchantId, "0"), ADMIN, false)) {
            awaitFrames(first, 30);
            assertEquals(written, first.ids(), "in cursor order, each once");
            tail = List.of(insertElsewhere(merchantId, "{\"nType\":1005,\"data\":{}}"));
            awaitFrames(first, 31); // live, woken only by the poll: nothing was committed on this replica
            assertEquals(tail.getFirst(), first.ids().getLast());
        }
        try (StreamClient fresh = StreamClient.open(admin(merchantId, "12"), ADMIN, false)) {
            awaitFrames(fresh, 19);
            List<String> expected = new ArrayList<>(written.subList(12, 30));
            expected.addAll(tail);
            assertEquals(expected, fresh.ids());
            assertEquals(13L, fresh.cursors().getFirst());
        }
    }

    @Test
    void concurrentWritersNeverLetALiveReaderSkipOrRepeat() throws Exception {
        String merchantId = "mch_st_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (StreamClient live = StreamClient.open(admin(merchantId, "0"), ADMIN, false)) {
            // Four "consumers" (threads, each entry its own transaction) write one merchant's entries at once
            // while the client reads live: the counter row's lock must make them commit in number order.
            var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<List<String>>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                writers.add(pool.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        ids.add(insertElsewhere(merchantId, "{\"nType\":1005,\"data\":{}}"));
                    }
                    return ids;
                }));
            }
            List<String> all = new ArrayList<>();
            for (var f : writers) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }
            pool.shutdown();
            awaitFrames(live, 200);
            assertEquals(java.util.stream.LongStream.rangeClosed(1, 200).boxed().toList(), live.cursors());
            assertExactlyOnceInOrder(all, live);
        }
    }

    @Test
    void aSlowConsumerIsClosedWith4008AndResumes() throws Exception {
        String merchantId = "mch_st_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        MeterRegistry registry = bean(MeterRegistry.class);
        double before = registry.counter("switchboard.stream.slow.consumers").count();
        StreamClient slow = StreamClient.open(admin(merchantId, "0"), ADMIN, true);
        // Frames of 64 KiB, until the socket, the kernel buffers and the 16-frame buffer are full and stay so.
        int rows = 0;
        boolean judged = false;
        while (!judged) {
            assertTrue(rows < 1000, "never judged slow after " + rows + " frames of 64 KiB");
            insertBigRows(merchantId, 50);
            rows += 50;
            try { // stall timeout 1 s, checked every second: 3 s tells whether these rows were enough
                Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                        .until(() -> registry.counter("switchboard.stream.slow.consumers").count() > before);
                judged = true;
            } catch (ConditionTimeoutException e) {
                // not yet: more frames
            }
        }
        slow.resume();
        int code = slow.closed.get(30, TimeUnit.SECONDS);
        assertEquals(4008, code, "close reason: " + slow.closeReason);
        assertTrue(slow.closeReason.startsWith("slow consumer"), slow.closeReason);
        // What arrived is a gapless prefix; resuming from its last cursor brings the rest, each once.
        int got = slow.frames.size();
        assertTrue(got > 0 && got <= rows, "received " + got + " of " + rows);
        assertEquals(java.util.stream.LongStream.rangeClosed(1, got).boxed().toList(), slow.cursors());
        try (StreamClient again = StreamClient.open(admin(merchantId, slow.lastCursor()), ADMIN, false)) {
            awaitFrames(again, rows - got);
            assertEquals(java.util.stream.LongStream.rangeClosed(got + 1, rows).boxed().toList(), again.cursors());
        }
    }

    @Test
    void connectionsPerMerchantAreLimited() {
        Merchant m = merchant("merchant-a");
        StreamClient one = StreamClient.open(signed(m, null), Map.of(), false);
        try (StreamClient two = StreamClient.open(admin(m.id(), null), ADMIN, false)) {
            StreamClient.Refusal third = StreamClient.refused(signed(m, null), Map.of());
            assertEquals(429, third.status());
            assertEquals(42901, third.errorCode());
            // Another merchant is not affected.
            Merchant other = merchant("merchant-b");
            try (StreamClient elsewhere = StreamClient.open(signed(other, null), Map.of(), false)) {
                assertNotNull(elsewhere);
            }
            one.close();
            // The slot is freed when the server sees the close.
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                try (StreamClient next = StreamClient.open(signed(m, null), Map.of(), false)) {
                    return true;
                } catch (java.util.concurrent.CompletionException e) {
                    return false;
                }
            });
        }
    }

    /** An entry as another replica's consumer writes it: next number from the counter row, same transaction. */
    static String insertElsewhere(String merchantId, String body) {
        UUID id = UUID.randomUUID();
        EntityManager em = bean(EntityManager.class);
        QuarkusTransaction.requiringNew().run(() -> {
            long seq = ((Number) em.createNativeQuery("insert into stream_counter (merchant_id, last_seq) values (?1, 1) "
                    + "on conflict (merchant_id) do update set last_seq = stream_counter.last_seq + 1 returning last_seq")
                    .setParameter(1, merchantId).getSingleResult()).longValue();
            em.createNativeQuery("insert into stream_entry (merchant_id, seq, event_id, body) values (?1, ?2, ?3, ?4)")
                    .setParameter(1, merchantId).setParameter(2, seq).setParameter(3, id).setParameter(4, body)
                    .executeUpdate();
        });
        return id.toString();
    }

    @Test
    void retentionDeletesOldEntriesAndACursorBeforeWhatIsLeftIsRefusedWith410() {
        String merchantId = "mch_st_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            written.add(insertElsewhere(merchantId, "{\"nType\":1005,\"data\":{\"n\":" + i + "}}"));
        }
        // The first six are eight days old: past the 7-day default.
        EntityManager em = bean(EntityManager.class);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update stream_entry set created_at = now()"
                + " - interval '8 days' where merchant_id = ?1 and seq <= 6").setParameter(1, merchantId).executeUpdate());
        int purged = bean(StreamRetention.class).purge(java.time.Instant.now().minus(Duration.ofDays(7)));
        assertTrue(purged >= 6, "purged " + purged);
        assertEquals(7L, bean(StreamLog.class).oldest(merchantId));

        StreamClient.Refusal expired = StreamClient.refused(admin(merchantId, "3"), ADMIN);
        assertEquals(410, expired.status(), expired.reason());
        assertEquals(41001, expired.errorCode());
        assertTrue(expired.reason().contains("since=6"), expired.reason());
        // since=6 (the cursor just before the oldest kept entry) still resumes without a gap
        try (StreamClient c = StreamClient.open(admin(merchantId, "6"), ADMIN, false)) {
            awaitFrames(c, 4);
            assertEquals(written.subList(6, 10), c.ids());
        }
        // everything gone: any cursor before the head is refused, the head itself is fine
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update stream_entry set created_at = now()"
                + " - interval '8 days' where merchant_id = ?1").setParameter(1, merchantId).executeUpdate());
        bean(StreamRetention.class).purge(java.time.Instant.now().minus(Duration.ofDays(7)));
        assertEquals(410, StreamClient.refused(admin(merchantId, "9"), ADMIN).status());
        try (StreamClient c = StreamClient.open(admin(merchantId, "10"), ADMIN, false)) {
            assertEquals(0, c.frames.size());
        }
    }

    static void insertBigRows(String merchantId, int n) {
        EntityManager em = bean(EntityManager.class);
        QuarkusTransaction.requiringNew().run(() -> {
            long last = ((Number) em.createNativeQuery("insert into stream_counter (merchant_id, last_seq) values (?1, ?2) "
                    + "on conflict (merchant_id) do update set last_seq = stream_counter.last_seq + ?2 returning last_seq")
                    .setParameter(1, merchantId).setParameter(2, n).getSingleResult()).longValue();
            em.createNativeQuery("insert into stream_entry (merchant_id, seq, event_id, body) "
                            + "select ?1, g, gen_random_uuid(), '{\"nType\":1005,\"data\":{\"pad\":\"' || repeat('x', 65536) || '\"}}' "
                            + "from generate_series(?2, ?3) g")
                    .setParameter(1, merchantId).setParameter(2, last - n + 1).setParameter(3, last)
                    .executeUpdate();
        });
    }

    private static List<String> concat(List<String> list, String more) {
        List<String> out = new ArrayList<>(list);
        out.add(more);
        return out;
    }
}
