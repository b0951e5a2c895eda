package io.switchboard.callback.webhook;

import static io.restassured.RestAssured.given;
import static io.switchboard.callback.webhook.WebhookTestSupport.ADMIN;
import static io.switchboard.callback.webhook.WebhookTestSupport.attempts;
import static io.switchboard.callback.webhook.WebhookTestSupport.awaitDelivery;
import static io.switchboard.callback.webhook.WebhookTestSupport.dueNow;
import static io.switchboard.callback.webhook.WebhookTestSupport.newMerchantId;
import static io.switchboard.callback.webhook.WebhookTestSupport.newSecret;
import static io.switchboard.callback.webhook.WebhookTestSupport.notification;
import static io.switchboard.callback.webhook.WebhookTestSupport.publish;
import static io.switchboard.callback.webhook.WebhookTestSupport.sql;
import static io.switchboard.callback.webhook.WebhookTestSupport.target;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.callback.FakeAccountService;
import io.switchboard.common.event.EventEnvelope;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** What merchants' endpoints answer under load or when gone: Retry-After (429/503) and 410 Gone. */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class WebhookFaultsTest extends ReceiverTests {
    @Inject
    ObjectMapper json;
    @Inject
    RedisDataSource redis;

    private static long secondsUntil(Instant t) {
        return Duration.between(Instant.now(), t).toSeconds();
    }

    @Test
    void retryAfterOn429HoldsTheNextAttemptAndTheMerchantsOtherDeliveriesWithoutExtraAttempts() {
        String merchant = newMerchantId();
        String path = "/hook/" + merchant;
        receiver.scriptRetryAfter(path, 429, "120");
        target(merchant, receiver.url(path), newSecret());

        EventEnvelope first = publish(notification(merchant, 1005, json.createObjectNode()));
        WebhookDelivery held = awaitDelivery(first.id(), x -> x.status == DeliveryStatus.PENDING && x.attempts == 1,
                "first attempt answered 429");
        assertEquals(429, held.lastStatusCode);
        assertTrue(held.lastError.contains("Retry-After 120 s"), held.lastError);
        long wait = secondsUntil(held.nextAttemptAt);
        assertTrue(wait >= 110 && wait <= 121, "the schedule says 5 s, Retry-After 120 s wins: found " + wait + " s");

        // Another delivery of the same merchant waits too, without spending an attempt (on any replica: Redis).
        EventEnvelope second = publish(notification(merchant, 1005, json.createObjectNode()));
        WebhookDelivery waiting = awaitDelivery(second.id(),
                x -> x.status == DeliveryStatus.PENDING && x.lastError != null, "postponed by the hold");
        assertEquals(0, waiting.attempts);
        assertTrue(waiting.lastError.contains("Retry-After"), waiting.lastError);
        assertTrue(secondsUntil(waiting.nextAttemptAt) >= 100, "held until the merchant's time");
        assertEquals(1, receiver.at(path).size(), "nothing else was sent during the hold");

        // The time is up (the hold's key is what expires): both go, the first on its 2nd attempt of 8.
        redis.key(String.class).del(MerchantCircuit.key(merchant));
        dueNow(held.id);
        dueNow(waiting.id);
        assertEquals(2, awaitDelivery(first.id(), x -> x.status == DeliveryStatus.SUCCEEDED, "first delivered").attempts);
        assertEquals(1, awaitDelivery(second.id(), x -> x.status == DeliveryStatus.SUCCEEDED, "second delivered").attempts);
    }

    @Test
    void retryAfterAsAnHttpDateOn503IsHonouredAndAHugeOneIsCapped() {
        String merchant = newMerchantId();
        String path = "/hook/" + merchant;
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().plusSeconds(300).atOffset(ZoneOffset.UTC));
        receiver.scriptRetryAfter(path, 503, date);
        target(merchant, receiver.url(path), newSecret());

        EventEnvelope dated = publish(notification(merchant, 1007, json.createObjectNode()));
        WebhookDelivery d = awaitDelivery(dated.id(), x -> x.status == DeliveryStatus.PENDING && x.attempts == 1,
                "503 with a date");
        long wait = secondsUntil(d.nextAttemptAt);
        assertTrue(wait >= 250 && wait <= 301, "Retry-After " + date + " honoured, found " + wait + " s");

        String capped = newMerchantId();
        String cappedPath = "/hook/" + capped;
        receiver.scriptRetryAfter(cappedPath, 429, "8640000"); // 100 days
        target(capped, receiver.url(cappedPath), newSecret());
        EventEnvelope huge = publish(notification(capped, 1007, json.createObjectNode()));
        WebhookDelivery h = awaitDelivery(huge.id(), x -> x.status == DeliveryStatus.PENDING && x.attempts == 1,
                "429 with 100 days");
        long hugeWait = secondsUntil(h.nextAttemptAt);
        assertTrue(hugeWait >= 3600 - 60 && hugeWait <= 3600, "capped at retry-after-cap (1h), found " + hugeWait + " s");
    }

    @Test
    void retryAfterOnTheLastAttemptAddsNoAttempt() {
        String merchant = newMerchantId();
        String path = "/hook/" + merchant;
        receiver.script(path, 500);
        target(merchant, receiver.url(path), newSecret());
        EventEnvelope event = publish(notification(merchant, 1001, json.createObjectNode()));
        WebhookDelivery first = awaitDelivery(event.id(), x -> x.status == DeliveryStatus.PENDING && x.attempts == 1,
                "first attempt failed");

        receiver.scriptRetryAfter(path, 429, "60");
        sql("update webhook_delivery set schedule_step = 7 where id = " + first.id);
        dueNow(first.id);
        WebhookDelivery dead = awaitDelivery(event.id(), x -> x.status == DeliveryStatus.DEAD, "dead after the 8th");
        assertEquals(2, dead.attempts);
        assertEquals(429, dead.lastStatusCode);
        assertFalse(dead.parked);
    }

    @Test
    void goneDisablesTheEndpointParksItsDeliveriesAndReEnablingDeliversThem() {
        String merchant = newMerchantId();
        String path = "/hook/" + merchant;
        receiver.script(path, 410);
        target(merchant, receiver.url(path), newSecret());

        EventEnvelope first = publish(notification(merchant, 1007, json.createObjectNode()));
        WebhookDelivery gone = awaitDelivery(first.id(), x -> x.status == DeliveryStatus.DEAD, "dead at the 410");
        assertEquals(1, gone.attempts, "no retry after a 410");
        assertEquals(410, gone.lastStatusCode);
        assertTrue(gone.parked);

        EventEnvelope second = publish(notification(merchant, 1005, json.createObjectNode()));
        WebhookDelivery parked = awaitDelivery(second.id(), x -> x.status == DeliveryStatus.DEAD, "parked");
        assertEquals(0, parked.attempts, "nothing is sent to a disabled endpoint");
        assertTrue(parked.parked);
        assertTrue(parked.lastError.contains("disabled") && parked.lastError.contains("410"), parked.lastError);
        assertEquals(1, receiver.at(path).size());

        String item = "find { it.merchantId == '" + merchant + "' }";
        given().header("Authorization", ADMIN).get("/admin/webhook-endpoints").then().statusCode(200)
                .body(item + ".callbackUrl", equalTo(receiver.url(path)))
                .body(item + ".deliveryId", equalTo(gone.id.intValue()))
                .body(item + ".reason", containsString("410"))
                .body(item + ".parked", equalTo(2));
        given().header("Authorization", ADMIN).get("/q/metrics").then().statusCode(200)
                .body(containsString("switchboard_webhook_endpoint_disabled_total"));
        given().get("/admin/webhook-endpoints").then().statusCode(401);

        given().header("Authorization", ADMIN).post("/admin/webhook-endpoints/" + merchant + "/enable")
                .then().statusCode(200).body("merchantId", equalTo(merchant)).body("replayed", equalTo(2));
        awaitDelivery(first.id(), x -> x.status == DeliveryStatus.SUCCEEDED, "first delivered after re-enabling");
        WebhookDelivery resumed = awaitDelivery(second.id(), x -> x.status == DeliveryStatus.SUCCEEDED,
                "second delivered after re-enabling");
        assertFalse(resumed.parked);
        assertEquals(3, receiver.at(path).size());
        assertEquals(2, attempts(gone.id).size());

        given().header("Authorization", ADMIN).post("/admin/webhook-endpoints/" + merchant + "/enable")
                .then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        given().header("Authorization", ADMIN).get("/admin/webhook-endpoints").then().statusCode(200)
                .body("merchantId", not(org.hamcrest.Matchers.hasItem(merchant)));
    }

    @Test
    void aNewCallbackUrlReEnablesAGoneEndpoint() {
        String merchant = newMerchantId();
        String oldPath = "/hook/" + merchant + "/old";
        String newPath = "/hook/" + merchant + "/new";
        receiver.script(oldPath, 410);
        target(merchant, receiver.url(oldPath), newSecret());
        EventEnvelope first = publish(notification(merchant, 1007, json.createObjectNode()));
        awaitDelivery(first.id(), x -> x.status == DeliveryStatus.DEAD && x.parked, "parked at the 410");

        target(merchant, receiver.url(newPath), newSecret()); // the merchant moved (account-service)
        EventEnvelope second = publish(notification(merchant, 1007, json.createObjectNode()));
        awaitDelivery(second.id(), x -> x.status == DeliveryStatus.SUCCEEDED, "delivered to the new URL");
        awaitDelivery(first.id(), x -> x.status == DeliveryStatus.SUCCEEDED, "the parked one follows");
        assertEquals(2, receiver.at(newPath).size());
        assertEquals(1, receiver.at(oldPath).size());
    }
}
