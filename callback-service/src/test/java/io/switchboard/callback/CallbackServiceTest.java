package io.switchboard.callback;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** callback-service boots against real PostgreSQL and Redis, migrates its schema and guards its APIs. */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class CallbackServiceTest {
    @Test
    void readyWithDatabaseAndRedis() {
        given().get("/q/health/ready").then().statusCode(200)
                .body(containsString("Database")).body(containsString("Redis"));
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void adminNeedsTokenAndShowsTheOutbox() {
        given().get("/admin/outbox").then().statusCode(401);
        // Other tests of this boot publish events: the relay drains them, and the view shows it.
        org.awaitility.Awaitility.await("the outbox drained").atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(250))
                .until(() -> given().header("Authorization", "Bearer test-admin-token").get("/admin/outbox")
                        .then().statusCode(200).extract().path("pending"), equalTo(0));
    }

    @Test
    void unservedOperationAnswersInTheEnvelope() {
        given().contentType("application/x-www-form-urlencoded").body("app_id=x")
                .post("/openapi/v1/noSuchOperation").then().statusCode(404)
                .body("vcSuccess", equalTo("false")).body("nErrorCode", equalTo(40402));
    }
}
