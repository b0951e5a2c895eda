package io.switchboard.message;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.client.InternalViews.GroupLinkInfo;
import io.switchboard.common.event.EventTypes;
import io.switchboard.message.service.Dispatcher;
import io.switchboard.message.service.MessageResults;
import io.switchboard.sim.merchant.MerchantClient.Reply;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The per-robot queue (docs/MESSAGING.md "Queue and pacing"): order, one message at a time, pacing, the command
 * content, results and their webhooks, late results, the deadline release and idempotency.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeServices.class, restrictToAnnotatedClass = false)
class MessageQueueTest extends MessageTestBase {

    static String serial(Reply r) {
        return r.data().path("vcSerialNo").asText();
    }

    static Instant time(String column, String serialNo) {
        Object t = rows("select " + column + ", 0 from outbound_message where serial_no = ?1", serialNo).get(0)[0];
        return t instanceof OffsetDateTime o ? o.toInstant() : t instanceof Instant i ? i
                : ((java.sql.Timestamp) t).toInstant();
    }

    void awaitCommand(String serialNo) {
        await("command of " + serialNo).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> command(serialNo) != null);
    }

    /** Runs a dispatch round here and now: whatever is due is sent by the time it returns. */
    static void dispatchNow() {
        bean(Dispatcher.class).dispatchDue();
    }

    @Test
    void messagesGoInOrderOneAtATimeEachAfterThePreviousResult() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_WS");
        pacing(robot, 0);
        Reply r1 = send(a, robot, "one");
        Reply r2 = send(a, robot, "two");
        Reply r3 = send(a, robot, "three");
        assertEquals(0, r1.data().path("queueCount").asInt(), r1.body()::toString);
        assertEquals(1, r2.data().path("queueCount").asInt());
        assertEquals(2, r3.data().path("queueCount").asInt());
        assertEquals("QUEUED", r3.data().path("vcState").asText());
        assertEquals(0, r3.data().path("nState").asInt());
        String s1 = serial(r1), s2 = serial(r2), s3 = serial(r3);
        assertEquals(r1.serialNo(), s1, "the message's serial is the call's vcSerialNo");

        awaitCommand(s1);
        dispatchNow();
        assertNull(command(s2), "the second waits for the first one's result");
        assertNull(command(s3));
        assertEquals("QUEUED", state(s2));
        Reply read = call(a, "getMessage", data("vcSerialNo", s3));
        assertEquals(2, read.data().path("queueCount").asInt(), "s1 (in flight) and s2 (queued) are ahead of s3: "
                + read.body());
        assertEquals(2, count("select pending from robot_queue where robot_serial_no = ?1", robot));

        JsonNode cmd = command(s1);
        assertEquals("sendMessage", cmd.path("data").path("operation").asText());
        assertEquals("LINE_WS", cmd.path("data").path("protocol").asText());
        assertEquals(a.merchantId(), cmd.path("merchantId").asText());
        assertEquals(robot, cmd.path("robotSerialNo").asText());
        JsonNode c = content(s1);
        assertEquals("u1", c.path("targetId").asText());
        assertEquals(0, c.path("msgType").asInt());
        assertEquals("one", c.path("content").asText());
        assertEquals(0, c.path("beforeSleepMs").asInt());
        assertEquals(0, c.path("afterSleepMs").asInt());
        assertEquals(1, c.path("msgNum").asInt());
        assertFalse(c.has("groupInfo"), "only LINE_DEVICE group sends carry groupInfo");
        long deadline = cmd.path("data").path("deadlineAt").asLong();
        assertTrue(deadline > System.currentTimeMillis() + 60_000, "send-timeout 120 s");

        sent(a, robot, s1, "sendMessage", "m-1");
        assertEquals("SENT", state(s1));
        awaitCommand(s2);
        dispatchNow();
        assertNull(command(s3), "the third waits for the second one's result");

        failed(a, robot, s2, "sendMessage", "the engine refused: not a friend");
        assertEquals("FAILED", state(s2));
        awaitCommand(s3);
        sent(a, robot, s3, "sendMessage", "m-3");

        assertTrue(time("dispatched_at", s2).compareTo(time("finished_at", s1)) >= 0);
        assertTrue(time("dispatched_at", s3).compareTo(time("finished_at", s2)) >= 0);

        // the results' webhooks: 1005 with the robot as the sender (nPlatformMsgType 11), or result code 2
        JsonNode ok = webhooks(robot, s1).get(0).path("data");
        assertEquals(1005, ok.path("nType").asInt());
        assertEquals(0, ok.path("nResultCode").asInt());
        JsonNode d = ok.path("data");
        assertEquals(userId(robot), d.path("FromUserId").asText());
        assertEquals("u1", d.path("ToUserId").asText());
        assertEquals("one", d.path("Content").asText());
        assertEquals(11, d.path("nPlatformMsgType").asInt());
        assertEquals(0, d.path("nMsgType").asInt());
        assertEquals("m-1", d.path("vcMsgId").asText());
        assertEquals("2023-11-15 06:13:20", d.path("dtMsgTime").asText(), "sentAt in the Open API zone (GMT+8)");
        JsonNode bad = webhooks(robot, s2).get(0).path("data");
        assertEquals(1005, bad.path("nType").asInt());
        assertEquals(2, bad.path("nResultCode").asInt());
        assertEquals("the engine refused: not a friend", bad.path("vcResultMsg").asText());
        assertTrue(bad.path("data").path("dtMsgTime").asText().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"));

        Reply done = call(a, "getMessage", data("vcSerialNo", s2));
        assertEquals(3, done.data().path("nState").asInt());
        assertEquals("FAILED", done.data().path("vcState").asText());
        assertEquals("the engine refused: not a friend", done.data().path("vcReason").asText());
        assertTrue(done.data().path("nDispatchTime").asLong() > 0);
        assertTrue(done.data().path("nFinishTime").asLong() >= done.data().path("nDispatchTime").asLong());
        Reply first = call(a, "getMessage", data("vcSerialNo", s1));
        assertEquals("m-1", first.data().path("vcMsgId").asText());
        assertEquals("SENT", first.data().path("vcState").asText());
    }

    @Test
    void aLateOrRepeatedResultChangesNothingAndSendsNothing() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "IM_HTTP");
        pacing(robot, 0);
        String s1 = serial(send(a, robot, "once"));
        awaitCommand(s1);
        sent(a, robot, s1, "sendMessage", "m-1");
        sent(a, robot, s1, "sendMessage", "m-other");
        failed(a, robot, s1, "sendMessage", "too late");
        assertEquals("SENT", state(s1));
        assertEquals("m-1", rows("select messenger_msg_id, 0 from outbound_message where serial_no = ?1", s1).get(0)[0]);
        assertEquals(1, webhooks(robot, s1).size(), "one webhook for one result");

        // a result naming another robot, or another operation, is not applied
        String s2 = serial(send(a, robot, "twice"));
        awaitCommand(s2);
        awaitProcessed(robotEvent(EventTypes.MESSAGE_SENT, a.merchantId(), "other-robot", s2,
                obj().put("operation", "sendMessage")));
        failed(a, robot, s2, "sendGroupMessage", "wrong operation");
        assertEquals("DISPATCHED", state(s2));
        assertTrue(webhooks(robot, s2).isEmpty());
        sent(a, robot, s2, "sendMessage", null);
        assertEquals("SENT", state(s2));
    }

    @Test
    void pacingHoldsTheNextMessageForTheIntervalOrTheLongerAfterSleep() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_WS");
        pacing(robot, 1_500);
        String s1 = serial(send(a, robot, "first"));
        String s2 = serial(send(a, robot, "second"));
        awaitCommand(s1);
        sent(a, robot, s1, "sendMessage", "m-1");
        awaitCommand(s2);
        Duration gap = Duration.between(time("finished_at", s1), time("dispatched_at", s2));
        assertTrue(gap.toMillis() >= 1_500, "the robot's interval: " + gap);

        // after_sleep_time longer than the interval wins; with the interval off, it alone paces
        pacing(robot, 0);
        Reply slow = call(a, "sendMessage", data("vcRobotSerialNo", robot, "vcFriendSerialNo", "u1", "content",
                data("msg_type", 0, "msg_content", "then wait", "after_sleep_time", 2_000)));
        String s3 = serial(slow);
        String s4 = serial(send(a, robot, "after the wait"));
        sent(a, robot, s2, "sendMessage", "m-2");
        awaitCommand(s3);
        sent(a, robot, s3, "sendMessage", "m-3");
        awaitCommand(s4);
        gap = Duration.between(time("finished_at", s3), time("dispatched_at", s4));
        assertTrue(gap.toMillis() >= 2_000, "after_sleep_time: " + gap);
        assertEquals(2_000, content(s3).path("afterSleepMs").asInt());

        admin().get("/admin/messages/robots/{r}", robot).then().statusCode(200)
                .body("intervalMs", org.hamcrest.Matchers.equalTo(0))
                .body("effectiveIntervalMs", org.hamcrest.Matchers.equalTo(0))
                .body("inFlightSerialNo", org.hamcrest.Matchers.equalTo(s4));
    }

    @Test
    void anInFlightMessageWithoutResultIsFailedAfterItsDeadlineAndTheRobotMovesOn() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "CHAT68_WS");
        pacing(robot, 0);
        String s1 = serial(send(a, robot, "lost"));
        String s2 = serial(send(a, robot, "next"));
        awaitCommand(s1);
        bean(MessageResults.class).releaseOverdue();
        assertEquals("DISPATCHED", state(s1), "nothing is released before its deadline and grace");
        // The deadline (120 s) and its 30 s grace passed without any result:
        update("update robot_queue set in_flight_deadline = now() - interval '31 seconds' where robot_serial_no = ?1",
                robot);
        update("update outbound_message set deadline_at = now() - interval '31 seconds' where serial_no = ?1", s1);
        bean(MessageResults.class).releaseOverdue();
        assertEquals("FAILED", state(s1));
        assertEquals(MessageResults.NO_RESULT, rows("select reason, 0 from outbound_message where serial_no = ?1", s1)
                .get(0)[0]);
        JsonNode w = webhooks(robot, s1).get(0).path("data");
        assertEquals(2, w.path("nResultCode").asInt());
        assertEquals("no result by the deadline", w.path("vcResultMsg").asText());
        awaitCommand(s2);

        // the result that finally comes changes nothing
        sent(a, robot, s1, "sendMessage", "m-late");
        assertEquals("FAILED", state(s1));
        assertEquals(1, webhooks(robot, s1).size());
        assertEquals(s2, rows("select in_flight_serial, 0 from robot_queue where robot_serial_no = ?1", robot)
                .get(0)[0]);
    }

    @Test
    void groupSendsOnLineDevicesCarryTheGroupsLinkInfoAndAnswer2004() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_DEVICE");
        pacing(robot, 0);
        FakeServices.GROUPS.put(robot + "/g-known", new GroupLinkInfo("g-known", "key-1", 59542651L, "owner-1",
                4094372L, "the group"));
        Reply known = call(a, "sendGroupMessage", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g-known",
                "content", text("hello group")));
        assertTrue(known.success(), known.body()::toString);
        String s1 = serial(known);
        awaitCommand(s1);
        assertEquals("sendGroupMessage", command(s1).path("data").path("operation").asText());
        assertEquals("dev-1", command(s1).path("data").path("deviceNo").asText());
        JsonNode info = content(s1).path("groupInfo");
        assertEquals("g-known", info.path("groupId").asText());
        assertEquals("key-1", info.path("groupKey").asText());
        assertEquals(59542651L, info.path("groupTagB").asLong());
        assertEquals("owner-1", info.path("ownerUserId").asText());
        assertEquals(4094372L, info.path("ownerTagB").asLong());
        assertEquals("g-known", content(s1).path("targetId").asText());
        sent(a, robot, s1, "sendGroupMessage", "gm-1");

        JsonNode hook = webhooks(robot, s1).get(0).path("data");
        assertEquals(2004, hook.path("nType").asInt());
        JsonNode d = hook.path("data");
        assertEquals("g-known", d.path("groupId").asText());
        assertEquals("hello group", d.path("msgContentb").asText());
        assertEquals(0, d.path("nMsgType").asInt());
        assertEquals(d.path("dtMsgTime").asText(), d.path("MsgData").path("dtMsgTime").asText());
        assertEquals(userId(robot), d.path("MsgData").path("FromUserId").asText());
        assertEquals("g-known", d.path("MsgData").path("ToUserId").asText());
        assertEquals(11, d.path("MsgData").path("nPlatformMsgType").asInt());
        assertEquals("gm-1", d.path("MsgData").path("vcMsgId").asText());

        // unknown to group-service: null, and the device's answer is stored and used next time
        String s2 = serial(call(a, "sendGroupMessage", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g-new",
                "content", text("first to g-new"))));
        awaitCommand(s2);
        assertTrue(content(s2).has("groupInfo"));
        assertTrue(content(s2).path("groupInfo").isNull(), "unknown: groupInfo null");
        ObjectNode returned = obj().put("groupId", "g-new").put("groupKey", "key-new").put("groupTagB", 7L)
                .put("ownerUserId", "owner-new").put("ownerTagB", 8L);
        ObjectNode result = obj().put("protocol", "LINE_DEVICE").put("operation", "sendGroupMessage")
                .put("targetId", "g-new").put("msgType", 0).put("messageId", (String) null).put("sentAt", 1L);
        result.set("groupInfo", returned);
        awaitProcessed(robotEvent(EventTypes.MESSAGE_SENT, a.merchantId(), robot, s2, result));
        assertEquals("key-new", read((String) rows("select group_info::text, 0 from outbound_message"
                + " where serial_no = ?1", s2).get(0)[0]).path("groupKey").asText());
        String s3 = serial(call(a, "sendGroupMessage", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g-new",
                "content", text("again"))));
        awaitCommand(s3);
        assertEquals("key-new", content(s3).path("groupInfo").path("groupKey").asText());
        sent(a, robot, s3, "sendGroupMessage", "gm-3");

        // other protocols never carry it
        String ws = robot(a, "LINE_WS");
        pacing(ws, 0);
        String s4 = serial(call(a, "sendGroupMessage", data("vcRobotSerialNo", ws, "vcGroupSerialNo", "g-known",
                "content", text("ws"))));
        awaitCommand(s4);
        assertFalse(content(s4).has("groupInfo"));
    }

    @Test
    void theSameIdempotencyKeyGivesTheSameMessageAndAnotherRequestWithItIsAConflict() throws Exception {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_WS");
        pacing(robot, 0);
        Map<String, Object> req = data("vcRobotSerialNo", robot, "vcFriendSerialNo", "u1", "content", text("pay"),
                "vcClientMsgId", "order:42.a_b-c");
        Reply first = call(a, "sendMessage", req);
        Reply again = call(a, "sendMessage", req);
        assertTrue(first.success() && again.success(), again.body()::toString);
        assertEquals(serial(first), serial(again));
        assertFalse(first.serialNo().equals(again.serialNo()), "each call has its own envelope serial");
        assertEquals(1, count("select count(*) from outbound_message where client_msg_id = ?1 and merchant_id = ?2",
                "order:42.a_b-c", a.merchantId()));

        Map<String, Object> other = new java.util.HashMap<>(req);
        other.put("content", text("pay twice"));
        assertRefused(call(a, "sendMessage", other), 409, 40902, "vcClientMsgId 'order:42.a_b-c' was used for another");
        Map<String, Object> otherFriend = new java.util.HashMap<>(req);
        otherFriend.put("vcFriendSerialNo", "u2");
        assertRefused(call(a, "sendMessage", otherFriend), 409, 40902, "another request");

        // another merchant's key space is its own
        Merchant b = merchant("merchant-b");
        String robotB = robot(b, "LINE_WS");
        Reply theirs = call(b, "sendMessage", data("vcRobotSerialNo", robotB, "vcFriendSerialNo", "u1",
                "content", text("pay"), "vcClientMsgId", "order:42.a_b-c"));
        assertTrue(theirs.success(), theirs.body()::toString);

        // racing first calls: one message
        Map<String, Object> raced = data("vcRobotSerialNo", robot, "vcFriendSerialNo", "u1", "content", text("race"),
                "vcClientMsgId", "race-1");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Reply>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> call(a, "sendMessage", raced));
            }
            List<String> serials = new ArrayList<>();
            for (Future<Reply> f : pool.invokeAll(calls)) {
                assertTrue(f.get().success(), f.get().body()::toString);
                serials.add(serial(f.get()));
            }
            assertEquals(1, serials.stream().distinct().count(), "one message: " + serials);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, count("select count(*) from outbound_message where client_msg_id = 'race-1'"));

        // past the window (24 h) the key names a new message
        update("update outbound_message set created_at = now() - interval '25 hours' where client_msg_id = ?1"
                + " and merchant_id = ?2", "order:42.a_b-c", a.merchantId());
        Reply later = call(a, "sendMessage", other);
        assertTrue(later.success(), later.body()::toString);
        assertFalse(serial(first).equals(serial(later)));
        assertNull(rows("select client_msg_id, 0 from outbound_message where serial_no = ?1", serial(first))
                .get(0)[0], "the old message gave its key up");
        // "pay" is in flight for good (no result comes); the refused and repeated calls queued nothing
        awaitCommand(serial(first));
        assertEquals(2, count("select count(*) from outbound_message where robot_serial_no = ?1 and state = 0", robot));
        assertEquals(2, count("select pending from robot_queue where robot_serial_no = ?1", robot));
    }

    @Test
    void concurrentSendsShareCommitsAndEachGetsItsOwnPlaceInTheQueue() throws Exception {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_WS");
        pacing(robot, 3_600_000);
        int n = 48;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Reply> replies = new ArrayList<>();
        try {
            List<Callable<Reply>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String text = "gc " + i;
                calls.add(() -> call(a, "sendMessage", data("vcRobotSerialNo", robot, "vcFriendSerialNo", "u1",
                        "content", text(text))));
            }
            for (Future<Reply> f : pool.invokeAll(calls)) {
                assertTrue(f.get().success(), f.get().body()::toString);
                replies.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        // Answered only once stored: every answered message is a row, and each has its own place in the queue.
        for (Reply r : replies) {
            assertEquals(1, count("select count(*) from outbound_message where serial_no = ?1", serial(r)));
        }
        List<Integer> places = replies.stream().map(r -> r.data().path("queueCount").asInt(-1)).sorted().toList();
        assertEquals(java.util.stream.IntStream.range(0, n).boxed().toList(), places,
                "queueCount: each message's own place behind the ones accepted before it");
        // Rows written by one transaction share its xmin: fewer transactions than messages is the group commit.
        long transactions = count("select count(distinct xmin::text) from outbound_message where robot_serial_no = ?1",
                robot);
        assertTrue(transactions < n, "48 concurrent sends took " + transactions + " transactions");
        assertEquals(n, count("select pending from robot_queue where robot_serial_no = ?1", robot)
                + count("select count(*) from robot_queue where robot_serial_no = ?1 and in_flight_serial is not null",
                robot));
    }
}
