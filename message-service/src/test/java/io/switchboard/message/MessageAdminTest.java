package io.switchboard.message;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.common.event.EventTypes;
import io.switchboard.message.service.MessageRetention;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /admin/messages (docs/API.md "Admin API") and the retention job (docs/OPERATIONS.md "Message retention"). */
@QuarkusTest
@QuarkusTestResource(value = FakeServices.class, restrictToAnnotatedClass = false)
class MessageAdminTest extends MessageTestBase {

    JsonPath list(Object... query) {
        var req = admin();
        for (int i = 0; i < query.length; i += 2) {
            req = req.queryParam((String) query[i], query[i + 1]);
        }
        return req.get("/admin/messages").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theListFiltersAndPagesNewestFirst() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_WS");
        String other = robot(a, "LINE_WS");
        Instant before = Instant.now().minusSeconds(5);
        List<String> serials = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            serials.add(send(a, robot, "m" + i).data().path("vcSerialNo").asText());
        }
        String toU2 = call(a, "sendMessage", data("vcRobotSerialNo", robot, "vcFriendSerialNo", "u2",
                "content", text("to u2"))).data().path("vcSerialNo").asText();
        send(a, other, "elsewhere");

        JsonPath all = list("robotSerialNo", robot, "limit", 500);
        assertEquals(6, all.getList("messages").size());
        assertEquals(toU2, all.getString("messages[0].serialNo"), "newest first");
        assertEquals(serials.get(0), all.getString("messages[5].serialNo"));
        assertNull(all.getString("next"), "one page");

        // pages of 2 by the next cursor: every message once, in order
        List<String> paged = new ArrayList<>();
        String after = null;
        do {
            JsonPath p = after == null ? list("robotSerialNo", robot, "limit", 2)
                    : list("robotSerialNo", robot, "limit", 2, "after", after);
            paged.addAll(p.getList("messages.serialNo"));
            after = p.getString("next");
        } while (after != null);
        assertEquals(all.getList("messages.serialNo"), paged);

        JsonPath target = list("targetId", "u2", "robotSerialNo", robot);
        assertEquals(List.of(toU2), target.getList("messages.serialNo"));
        assertEquals("friend", target.getString("messages[0].targetKind"));
        assertEquals("to u2", target.getString("messages[0].content"));
        assertEquals(a.merchantId(), target.getString("messages[0].merchantId"));

        // state: the first is in flight, the rest queued behind it
        awaitState(serials.get(0), "DISPATCHED");
        assertEquals(List.of(serials.get(0)), list("robotSerialNo", robot, "state", "DISPATCHED").getList("messages.serialNo"));
        assertEquals(5, list("robotSerialNo", robot, "state", "QUEUED").getList("messages").size());
        assertEquals(0, list("robotSerialNo", robot, "state", "SENT").getList("messages").size());

        // time
        assertEquals(6, list("robotSerialNo", robot, "from", before.toString()).getList("messages").size());
        assertEquals(0, list("robotSerialNo", robot, "to", before.toString()).getList("messages").size());
        assertEquals(0, list("robotSerialNo", robot, "from", Instant.now().plusSeconds(60).toString())
                .getList("messages").size());

        // one message, with its place in the queue
        admin().get("/admin/messages/{s}", serials.get(3)).then().statusCode(200)
                .body("serialNo", equalTo(serials.get(3))).body("state", equalTo("QUEUED"))
                .body("queueCount", equalTo(3)).body("msgType", equalTo(0)).body("groupInfo", nullValue());
        admin().get("/admin/messages/{s}", "nope").then().statusCode(404).body("code", equalTo(40401));

        // refusals
        admin().queryParam("state", "LOST").get("/admin/messages").then().statusCode(400).body("code", equalTo(40001));
        admin().queryParam("from", "yesterday").get("/admin/messages").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("from must be an ISO-8601 instant"));
        admin().queryParam("limit", 501).get("/admin/messages").then().statusCode(400);
        admin().queryParam("after", "x").get("/admin/messages").then().statusCode(400);
        io.restassured.RestAssured.given().baseUri(base).get("/admin/messages").then().statusCode(401);
        io.restassured.RestAssured.given().baseUri(base).auth().oauth2("test-internal-token")
                .get("/admin/messages").then().statusCode(401);
    }

    @Test
    void aRobotsPacingIsSetAndCleared() {
        String robot = "pacing-" + java.util.UUID.randomUUID();
        admin().contentType("application/json").body("{\"intervalMs\":2500}")
                .put("/admin/messages/robots/{r}/pacing", robot).then().statusCode(200)
                .body("intervalMs", equalTo(2500)).body("effectiveIntervalMs", equalTo(2500));
        admin().contentType("application/json").body("{\"intervalMs\":null}")
                .put("/admin/messages/robots/{r}/pacing", robot).then().statusCode(200)
                .body("intervalMs", nullValue()).body("effectiveIntervalMs", equalTo(1000));
        admin().contentType("application/json").body("{\"intervalMs\":-1}")
                .put("/admin/messages/robots/{r}/pacing", robot).then().statusCode(400);
        admin().contentType("application/json").body("{\"intervalMs\":3600001}")
                .put("/admin/messages/robots/{r}/pacing", robot).then().statusCode(400);
        admin().get("/admin/messages/robots/{r}", "never-" + robot).then().statusCode(404);
    }

    @Test
    void retentionDeletesOldFinishedAndInboundMessagesAndNeverQueuedOnes() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_WS");
        pacing(robot, 0);
        String done = send(a, robot, "old and sent").data().path("vcSerialNo").asText();
        String queued = send(a, robot, "old and queued").data().path("vcSerialNo").asText();
        String young = send(a, robot, "young and queued").data().path("vcSerialNo").asText();
        awaitState(done, "DISPATCHED");
        sent(a, robot, done, "sendMessage", "m-old");
        awaitState(queued, "DISPATCHED");
        awaitProcessed(robotEvent(EventTypes.MESSAGE_RECEIVED, a.merchantId(), robot, null, obj()
                .put("messageId", "in-old").put("fromUserId", "u").put("msgType", 0).put("content", "x")));
        update("update outbound_message set created_at = now() - interval '31 days' where serial_no in (?1, ?2)",
                done, queued);
        update("update inbound_message set received_at = now() - interval '31 days' where robot_serial_no = ?1",
                robot);

        assertTrue(bean(MessageRetention.class).purge() >= 2);
        assertNull(state(done), "finished and old: deleted");
        assertEquals("DISPATCHED", state(queued), "unfinished: kept however old");
        assertEquals("QUEUED", state(young));
        assertEquals(0, count("select count(*) from inbound_message where robot_serial_no = ?1", robot));
    }
}
