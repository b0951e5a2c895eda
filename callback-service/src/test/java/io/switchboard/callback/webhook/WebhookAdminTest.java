package io.switchboard.callback.webhook;

import static io.restassured.RestAssured.given;
import static io.switchboard.callback.webhook.WebhookTestSupport.ADMIN;
import static io.switchboard.callback.webhook.WebhookTestSupport.await;
import static io.switchboard.callback.webhook.WebhookTestSupport.awaitDelivery;
import static io.switchboard.callback.webhook.WebhookTestSupport.newMerchantId;
import static io.switchboard.callback.webhook.WebhookTestSupport.newSecret;
import static io.switchboard.callback.webhook.WebhookTestSupport.notification;
import static io.switchboard.callback.webhook.WebhookTestSupport.publish;
import static io.switchboard.callback.webhook.WebhookTestSupport.target;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.callback.FakeAccountService;
import io.switchboard.common.event.EventEnvelope;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The admin delivery API: token, filters, parameter errors, and replay of a time range. */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class WebhookAdminTest extends ReceiverTests {
    @Inject
    ObjectMapper json;

    @Test
    void everyEndpointNeedsTheAdminToken() {
        given().get("/admin/deliveries").then().statusCode(401);
        given().get("/admin/deliveries/1").then().statusCode(401);
        given().post("/admin/deliveries/1/replay").then().statusCode(401);
        given().post("/admin/deliveries/replay?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z")
                .then().statusCode(401);
        given().header("Authorization", "Bearer wrong").get("/admin/deliveries").then().statusCode(401);
        given().header("Authorization", ADMIN).get("/admin/deliveries?limit=1").then().statusCode(200);
    }

    @Test
    void badParametersAre400AndUnknownIdsAre404() {
        given().header("Authorization", ADMIN).get("/admin/deliveries?status=LOST").then().statusCode(400)
                .body("error", equalTo("INVALID_PARAMETER")).body("message", containsString("status"));
        given().header("Authorization", ADMIN).get("/admin/deliveries?limit=0").then().statusCode(400)
                .body("error", equalTo("INVALID_PARAMETER"));
        given().header("Authorization", ADMIN).get("/admin/deliveries/999999999").then().statusCode(404)
                .body("error", equalTo("NOT_FOUND"));
        given().header("Authorization", ADMIN).post("/admin/deliveries/999999999/replay").then().statusCode(404)
                .body("error", equalTo("NOT_FOUND"));
        given().header("Authorization", ADMIN).post("/admin/deliveries/replay?to=2026-01-02T00:00:00Z")
                .then().statusCode(400).body("message", containsString("from"));
        given().header("Authorization", ADMIN).post("/admin/deliveries/replay?from=yesterday&to=2026-01-02T00:00:00Z")
                .then().statusCode(400).body("error", equalTo("INVALID_PARAMETER"));
        given().header("Authorization", ADMIN)
                .post("/admin/deliveries/replay?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")
                .then().statusCode(400).body("message", containsString("before"));
    }

    @Test
    void deadLettersOfAMerchantAreReplayedByTimeRangeOnceItsTargetIsFixed() {
        String merchant = newMerchantId(); // unknown at first: both deliveries die without an attempt
        Instant from = Instant.now().minusSeconds(60);
        EventEnvelope one = publish(notification(merchant, 1007, json.createObjectNode().put("nstate", 1)));
        EventEnvelope two = publish(notification(merchant, 1007, json.createObjectNode().put("nstate", 0)));
        awaitDelivery(one.id(), d -> d.status == DeliveryStatus.DEAD, "first dead");
        awaitDelivery(two.id(), d -> d.status == DeliveryStatus.DEAD, "second dead");

        given().header("Authorization", ADMIN).get("/admin/deliveries?merchantId=" + merchant).then()
                .statusCode(200).body("$", hasSize(2))
                .body("[0].eventId", equalTo(two.id())) // newest first
                .body("[1].eventId", equalTo(one.id()))
                .body("[0]", not(hasKey("body")))
                .body("[0].lastError", containsString("unknown to account-service"));

        String path = "/hook/" + merchant;
        target(merchant, receiver.url(path), newSecret());
        given().header("Authorization", ADMIN)
                .post("/admin/deliveries/replay?merchantId=" + merchant + "&from=" + from + "&to="
                        + Instant.now().plusSeconds(60))
                .then().statusCode(200).body("replayed", equalTo(2));

        awaitDelivery(one.id(), d -> d.status == DeliveryStatus.SUCCEEDED, "first replayed");
        awaitDelivery(two.id(), d -> d.status == DeliveryStatus.SUCCEEDED, "second replayed");
        await(() -> receiver.at(path).size() == 2, () -> "two webhooks arrived");
    }
}
