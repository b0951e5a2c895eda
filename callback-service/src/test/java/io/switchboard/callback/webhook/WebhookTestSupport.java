package io.switchboard.callback.webhook;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.callback.FakeAccountService;
import io.switchboard.common.client.AccountDirectory;
import io.switchboard.common.client.InternalViews.WebhookTarget;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.MerchantNotification;
import io.switchboard.common.event.Outbox;
import io.switchboard.common.event.Streams;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** What the webhook tests share: merchants, publishing, polling, SQL shortcuts and an independent verifier. */
final class WebhookTestSupport {
    static final String ADMIN = "Bearer test-admin-token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookTestSupport() {}

    static String newMerchantId() {
        return "mch_wh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /** Registers in the fake account-service where the merchant's webhooks go. */
    static void target(String merchantId, String url, String... secrets) {
        FakeAccountService.WEBHOOKS.put(merchantId, new WebhookTarget(merchantId, url, List.of(secrets), true));
        bean(AccountDirectory.class).forgetMerchant(merchantId, null);
    }

    static EventEnvelope notification(String merchantId, int nType, JsonNode data) {
        ObjectMapper json = bean(ObjectMapper.class);
        return EventEnvelope.create(EventTypes.MERCHANT_NOTIFICATION, merchantId, "robot-1",
                "serial-" + UUID.randomUUID(), "test",
                json.valueToTree(new MerchantNotification(nType, 0, "", data)));
    }

    /** Publishes through this service's real outbox: relay → sb:merchant-events → consumer → delivery. */
    static EventEnvelope publish(EventEnvelope event) {
        Outbox outbox = bean(Outbox.class);
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(Streams.MERCHANT_EVENTS, event));
        return event;
    }

    static WebhookDelivery delivery(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> bean(WebhookDeliveryRepository.class)
                .find("eventId", UUID.fromString(eventId)).firstResult());
    }

    static long deliveryCount(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> bean(WebhookDeliveryRepository.class)
                .count("eventId", UUID.fromString(eventId)));
    }

    static List<WebhookAttempt> attempts(long deliveryId) {
        return bean(WebhookDeliveryRepository.class).attemptsOf(deliveryId);
    }

    /**
     * Waits (up to 30 s: one attempt may hang until the 15 s send timeout and be retried 5 s later, which is
     * correct behaviour, not a failure) until the event's delivery satisfies the condition.
     */
    static WebhookDelivery awaitDelivery(String eventId, Predicate<WebhookDelivery> condition, String what) {
        WebhookDelivery[] last = new WebhookDelivery[1];
        await(() -> {
            last[0] = delivery(eventId);
            return last[0] != null && condition.test(last[0]);
        }, () -> what + "; last seen: " + describe(last[0]));
        return last[0];
    }

    static void await(Supplier<Boolean> condition, Supplier<String> what) {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(condition::get);
        } catch (ConditionTimeoutException e) {
            fail("timed out waiting: " + what.get());
        }
    }

    /** Makes the delivery due now (instead of waiting out the schedule) and runs the dispatcher. */
    static void dueNow(long deliveryId) {
        sql("update webhook_delivery set next_attempt_at = now() where id = " + deliveryId);
        bean(WebhookDispatcher.class).dispatchDue();
    }

    static void sql(String statement) {
        EntityManager em = bean(EntityManager.class);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(statement).executeUpdate());
    }

    /** The test's own Standard Webhooks verification (independent of the production signer). */
    static boolean signatureVerifies(WebhookReceiver.Received r, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String signed = r.header("webhook-id") + "." + r.header("webhook-timestamp") + "." + r.body();
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        return Arrays.asList(r.header("webhook-signature").split(" ")).contains(expected);
    }

    static <T> T bean(Class<T> type) {
        return Arc.container().instance(type).get();
    }

    private static String describe(WebhookDelivery d) {
        return d == null ? "no delivery row" : "status=" + d.status + " attempts=" + d.attempts + " step="
                + d.scheduleStep + " lastStatusCode=" + d.lastStatusCode + " lastError=" + d.lastError;
    }
}
