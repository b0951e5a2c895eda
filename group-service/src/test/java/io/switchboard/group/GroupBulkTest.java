package io.switchboard.group;

import static io.switchboard.group.GroupTestSupport.awaitProcessed;
import static io.switchboard.group.GroupTestSupport.count;
import static io.switchboard.group.GroupTestSupport.group;
import static io.switchboard.group.GroupTestSupport.merchant;
import static io.switchboard.group.GroupTestSupport.obj;
import static io.switchboard.group.GroupTestSupport.robot;
import static io.switchboard.group.GroupTestSupport.robotEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.ListParts;
import io.switchboard.group.GroupTestSupport.Merchant;
import io.switchboard.sim.merchant.MerchantClient.Reply;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Issue 8's scale: a complete list of 500 groups of 500 members (250,000 member rows) is persisted in bounded
 * time with batched writes, and getGroupList pages through it. The figure goes to docs/PERFORMANCE.md.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class GroupBulkTest {
    private static final Logger LOG = Logger.getLogger(GroupBulkTest.class);
    static final int GROUPS = 500;
    static final int MEMBERS = 500;
    /** Generous for a shared 2-core machine; row-by-row writes (250,000 round trips) do not fit in it. */
    static final Duration BOUND = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URL root;

    @Test
    void fiveHundredGroupsOfFiveHundredMembersArePersistedInBoundedTime() throws Exception {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_WS");
        String base = root.toString().replaceAll("/$", "");
        Reply r = a.client().call(base, "getGroupList", Map.of("vcRobotSerialNo", robot, "refresh", true));
        assertTrue(r.success(), r.body()::toString);
        ObjectNode list = obj().put("complete", true);
        var groups = list.putArray("groups");
        for (int g = 0; g < GROUPS; g++) {
            groups.add(group(String.format("bulk-%03d", g), "group " + g, MEMBERS));
        }
        // As callback-service sends it: parts of at most ~1 MB, here all on the stream at once, the last first.
        List<ObjectNode> parts = ListParts.listParts(GroupTestSupport.JSON, list, "groups", ListParts.DATA_BYTES);
        assertTrue(parts.size() > 10, "a ~15 MB list is many parts: " + parts.size());
        long t0 = System.nanoTime();
        deliverAll(a, robot, r.serialNo(), parts);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        LOG.infof("PERF groups.listed %d groups x %d members in %d parts persisted in %d ms", GROUPS, MEMBERS,
                parts.size(), took.toMillis());

        assertEquals(GROUPS, count("select count(*) from chat_group where robot_serial_no = ?1 and left_at is null", robot));
        assertEquals((long) GROUPS * MEMBERS, count("select count(*) from group_member where robot_serial_no = ?1"
                + " and left_at is null", robot));
        assertTrue(took.compareTo(BOUND) < 0, "persisted in " + took);

        // The same list again (an idempotent refresh) also stays bounded: every row is an update this time.
        Reply again = a.client().call(base, "getGroupList", Map.of("vcRobotSerialNo", robot, "refresh", true));
        long t1 = System.nanoTime();
        deliverAll(a, robot, again.serialNo(), parts);
        LOG.infof("PERF groups.listed again (all updates) in %d ms", Duration.ofNanos(System.nanoTime() - t1).toMillis());
        assertEquals((long) GROUPS * MEMBERS, count("select count(*) from group_member where robot_serial_no = ?1",
                robot), "no duplicate rows");
        assertEquals(GROUPS, count("select count(*) from chat_group where robot_serial_no = ?1 and left_at is null",
                robot), "every part stored: no group marked left");

        // The 2003 webhooks of the list: each body at most ~1 MB, together every group and member once.
        java.util.Set<String> told = new java.util.HashSet<>();
        long members = 0;
        for (JsonNode w : GroupTestSupport.webhooks(robot)) {
            if (!again.serialNo().equals(w.path("serialNo").asText())) {
                continue;
            }
            assertTrue(GroupTestSupport.JSON.writeValueAsBytes(w).length <= ListParts.MAX_BYTES, "each 2003 ≤ 1 MB");
            assertEquals(2003, w.path("data").path("nType").asInt());
            for (JsonNode g : w.path("data").path("data")) {
                assertTrue(told.add(g.path("vcGroupId").asText()), "each group once");
                members += g.path("memberJoinTime").size();
            }
        }
        assertEquals(GROUPS, told.size());
        assertEquals((long) GROUPS * MEMBERS, members);

        // getGroupList pages through the 500 by keyset: 100 at a time, each group once, in group id order.
        List<String> seen = new java.util.ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Map<String, Object> d = new java.util.HashMap<>(Map.of("vcRobotSerialNo", robot, "limit", 100));
            if (after != null) {
                d.put("after", after);
            }
            Reply page = a.client().call(base, "getGroupList", d);
            assertEquals(GROUPS, page.data().path("total").asInt(), page.body()::toString);
            page.data().path("groups").forEach(g -> seen.add(g.path("vcGroupId").asText()));
            after = page.data().path("nextAfter").isNull() ? null : page.data().path("nextAfter").asText();
            pages++;
        } while (after != null);
        assertEquals(5, pages);
        assertEquals(GROUPS, new java.util.HashSet<>(seen).size(), "no repeats");
        assertEquals("bulk-000", seen.get(0));
        assertEquals("bulk-499", seen.get(GROUPS - 1));
    }

    /** Puts every part on the stream (the last first: any order must do) and waits until all are committed. */
    static void deliverAll(Merchant m, String robot, String serialNo, List<ObjectNode> parts) {
        List<EventEnvelope> sent = new java.util.ArrayList<>();
        for (int i = parts.size() - 1; i >= 0; i--) {
            sent.add(robotEvent(EventTypes.GROUPS_LISTED, m.merchantId(), robot, serialNo, parts.get(i)));
        }
        sent.forEach(e -> awaitProcessed(e, BOUND));
    }
}
