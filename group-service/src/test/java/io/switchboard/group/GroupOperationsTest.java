package io.switchboard.group;

import static io.switchboard.group.GroupTestSupport.awaitProcessed;
import static io.switchboard.group.GroupTestSupport.command;
import static io.switchboard.group.GroupTestSupport.content;
import static io.switchboard.group.GroupTestSupport.count;
import static io.switchboard.group.GroupTestSupport.group;
import static io.switchboard.group.GroupTestSupport.merchant;
import static io.switchboard.group.GroupTestSupport.obj;
import static io.switchboard.group.GroupTestSupport.robot;
import static io.switchboard.group.GroupTestSupport.robotEvent;
import static io.switchboard.group.GroupTestSupport.webhook;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.common.event.EventTypes;
import io.switchboard.group.GroupTestSupport.Merchant;
import io.switchboard.sim.merchant.MerchantClient.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The six group operations through the signed Open API (docs/API.md, docs/SOCIAL.md): validation and limits before
 * account-service is asked, the published command content, ownership and tenancy, protocol support.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeAccountService.class, restrictToAnnotatedClass = false)
class GroupOperationsTest extends SignedApiTest {
    @Test
    void badInputIsRefusedWithTheFieldNamedBeforeAccountServiceIsAsked() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "IM_HTTP");
        List<String> many = IntStream.range(0, 101).mapToObj(i -> "u" + i).toList();
        List<String> fiftyOne = IntStream.range(0, 51).mapToObj(i -> "g" + i).toList();

        assertRefused(call(a, "createGroup", data("vcRobotSerialNo", robot, "vcGroupName", "g", "vcFriendSerialNoList",
                many)), 400, 40001, "data.vcFriendSerialNoList must be between 1 and 100 items");
        assertRefused(call(a, "createGroup", data("vcRobotSerialNo", robot, "vcGroupName", "g", "vcFriendSerialNoList",
                List.of("u1", 2))), 400, 40001, "data.vcFriendSerialNoList[1] must be a string");
        assertRefused(call(a, "createGroup", data("vcRobotSerialNo", robot, "vcGroupName", "g", "vcFriendSerialNoList",
                List.of("u1", Map.of("x", 1)))), 400, 40001, "data.vcFriendSerialNoList[1]");
        assertRefused(call(a, "createGroup", data("vcRobotSerialNo", robot, "vcFriendSerialNoList", List.of("u1"))),
                400, 40002, "data.vcGroupName is required");
        assertRefused(call(a, "createGroup", data("vcRobotSerialNo", robot, "vcGroupName", "x".repeat(257),
                "vcFriendSerialNoList", List.of("u1"))), 400, 40001, "data.vcGroupName must be at most 256 characters");
        assertRefused(call(a, "createGroup", data("vcRobotSerialNo", robot, "vcGroupName", "g",
                "vcFriendSerialNoList", List.of())), 400, 40002, "data.vcFriendSerialNoList");
        assertRefused(call(a, "getGroupInfo", data("vcRobotSerialNo", robot, "vcGroupSerialNo", fiftyOne)),
                400, 40001, "data.vcGroupSerialNo must be between 1 and 50 items");
        assertRefused(call(a, "getGroupInfo", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g1")),
                400, 40001, "data.vcGroupSerialNo must be a JSON array");
        assertRefused(call(a, "getGroupList", data("vcRobotSerialNo", robot, "limit", 501)),
                400, 40001, "data.limit must be between 1 and 500");
        assertRefused(call(a, "getGroupList", data("vcRobotSerialNo", robot, "after", "x".repeat(257))),
                400, 40001, "data.after must be at most 256 characters");
        assertRefused(call(a, "getGroupList", data("vcRobotSerialNo", robot, "page", 2)),
                400, 40001, "data.page is not a field of getGroupList's data");
        assertRefused(call(a, "inviteFriendsToGroup", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g1")),
                400, 40002, "exactly one of vcFriendSerialNo and vcFriendSerialNos");
        assertRefused(call(a, "inviteFriendsToGroup", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g1",
                "vcFriendSerialNo", "u1", "vcFriendSerialNos", List.of("u2"))), 400, 40001, "exactly one of");
        assertRefused(call(a, "inviteFriendsToGroup", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g1",
                "vcFriendSerialNos", many)), 400, 40001, "data.vcFriendSerialNos must be between 1 and 100 items");
        assertRefused(call(a, "quitGroup", data("vcRobotSerialNo", robot)), 400, 40002, "data.group_id is required");
        assertRefused(call(a, "quitGroup", data("vcRobotSerialNo", robot, "group_id", "g".repeat(257))),
                400, 40001, "data.group_id must be at most 256 characters");
        assertRefused(call(a, "updateGroup", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g1")),
                400, 40002, "at least one of");
        assertRefused(call(a, "updateGroup", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g1",
                "muteMember", Map.of("userId", "u1", "seconds", 2_592_001))), 400, 40001, "data.muteMember.seconds");
        assertRefused(call(a, "updateGroup", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g1",
                "picture", "not a url")), 400, 40001, "data.picture");
        assertRefused(call(a, "updateGroup", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g1",
                "muteAll", "maybe")), 400, 40001, "data.muteAll must be true or false");
        assertRefused(call(a, "updateGroup", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g1",
                "colour", "red")), 400, 40001, "data.colour is not a field");

        assertEquals(0, FakeAccountService.robotCalls(robot), "no bad request reached account-service");
    }

    @Test
    void createGroupPublishesTheUnifiedContentAndItsResultIsStoredAndSentAs2001() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_DEVICE");
        Reply r = call(a, "createGroup", data("vcRobotSerialNo", robot, "vcGroupName", "聊聊吧",
                "vcFriendSerialNoList", List.of("u4286b98e", "ua08d7e13", "u4286b98e")));
        assertTrue(r.success(), r.body()::toString);
        assertEquals(robot, r.data().path("vcRobotSerialNo").asText());
        assertEquals("createGroup", r.data().path("operation").asText());

        JsonNode cmd = command(r.serialNo());
        assertEquals("command.requested", cmd.path("type").asText());
        assertEquals("createGroup", cmd.path("data").path("operation").asText());
        assertEquals("LINE_DEVICE", cmd.path("data").path("protocol").asText());
        assertEquals("dev-1", cmd.path("data").path("deviceNo").asText());
        assertEquals(a.merchantId(), cmd.path("merchantId").asText());
        JsonNode content = content(r.serialNo());
        assertEquals("聊聊吧", content.path("name").asText());
        assertEquals(List.of("u4286b98e", "ua08d7e13"), strings(content.path("userIds")), "repeats counted once");

        ObjectNode g = group("cef4f0ec", "聊聊吧", 3);
        awaitProcessed(robotEvent(EventTypes.GROUP_CREATED, a.merchantId(), robot, r.serialNo(), obj().set("group", g)));
        Object[] row = GroupTestSupport.rows("select name, group_key, group_tag_b, owner_tag_b, str_data, owner_user_id,"
                + " create_time, member_count, merchant_id from chat_group where robot_serial_no = ?1 and group_id = ?2",
                robot, "cef4f0ec").get(0);
        assertEquals("聊聊吧", row[0]);
        assertEquals("key-cef4f0ec", row[1]);
        assertEquals(59542651L, ((Number) row[2]).longValue());
        assertEquals(4094372L, ((Number) row[3]).longValue());
        assertEquals("sd-cef4f0ec", row[4]);
        assertEquals("owner-cef4f0ec", row[5]);
        assertEquals(1674098300774L, ((Number) row[6]).longValue());
        assertEquals(3, ((Number) row[7]).intValue());
        assertEquals(a.merchantId(), row[8]);
        assertEquals(3, count("select count(*) from group_member where robot_serial_no = ?1 and group_id = ?2"
                + " and left_at is null", robot, "cef4f0ec"));

        JsonNode w = webhook(robot, r.serialNo());
        assertNotNull(w, "a 2001 webhook");
        assertEquals(a.merchantId(), w.path("merchantId").asText());
        JsonNode n = w.path("data");
        assertEquals(2001, n.path("nType").asInt());
        assertEquals(0, n.path("nResultCode").asInt());
        JsonNode d = n.path("data");
        assertEquals(List.of("vcGroupId", "vcGroupName", "vcGroupKey", "nGroupTag_b", "nCreateTime", "vcStrData",
                "vcOwnerUserId", "nOwnerTag_b", "memberJoinTime"), fields(d), "the seed's 2001 field names");
        assertEquals("cef4f0ec", d.path("vcGroupId").asText());
        assertEquals("key-cef4f0ec", d.path("vcGroupKey").asText());
        assertEquals(59542651L, d.path("nGroupTag_b").asLong());
        assertEquals(4094372L, d.path("nOwnerTag_b").asLong());
        assertEquals(List.of("vcUserId", "nJoinTime"), fields(d.path("memberJoinTime").get(0)));
        assertEquals("u0-cef4f0ec", d.path("memberJoinTime").get(0).path("vcUserId").asText());
        assertEquals(1674098300774L, d.path("memberJoinTime").get(0).path("nJoinTime").asLong());
    }

    /** Part {@code part} of {@code parts} of a complete group list, as callback-service sends a list in parts. */
    static ObjectNode part(int part, int parts, ObjectNode... groups) {
        ObjectNode d = obj().put("complete", false).put("part", part).put("parts", parts);
        var a = d.putArray("groups");
        for (ObjectNode g : groups) {
            a.add(g);
        }
        return d;
    }

    static java.util.Set<String> current(String robot) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        GroupTestSupport.rows("select group_id, left_at from chat_group where robot_serial_no = ?1 and left_at is null",
                robot).forEach(r -> out.add((String) r[0]));
        return out;
    }

    @Test
    void aGroupListInPartsMarksTheUnlistedLeftOnlyOnceEveryPartIsStoredInAnyOrder() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_WS");
        seedGroups(a, robot, group("g-gone", "gone", 1), group("g-a", "a", 1));
        String s1 = call(a, "getGroupList", data("vcRobotSerialNo", robot, "refresh", true)).serialNo();
        String s2 = call(a, "getGroupList", data("vcRobotSerialNo", robot, "refresh", true)).serialNo();

        awaitProcessed(robotEvent(EventTypes.GROUPS_LISTED, a.merchantId(), robot, s1, part(2, 2, group("g-b", "b", 2))));
        assertEquals(java.util.Set.of("g-a", "g-b", "g-gone"), current(robot), "nothing left before the last part");
        awaitProcessed(robotEvent(EventTypes.GROUPS_LISTED, a.merchantId(), robot, s2, part(2, 2, group("g-c", "c", 1))));
        awaitProcessed(robotEvent(EventTypes.GROUPS_LISTED, a.merchantId(), robot, s1, part(1, 2, group("g-a", "a", 1))));
        assertEquals(java.util.Set.of("g-a", "g-b", "g-c"), current(robot),
                "s1 complete: g-gone left; g-c, named by the newer s2, stays");
        assertEquals(2, count("select count(*) from group_member where robot_serial_no = ?1 and group_id = 'g-b'"
                + " and left_at is null", robot), "each part's members stored with their group");

        awaitProcessed(robotEvent(EventTypes.GROUPS_LISTED, a.merchantId(), robot, s2, part(1, 2, group("g-a", "a2", 1))));
        assertEquals(java.util.Set.of("g-a", "g-c"), current(robot), "s2 complete: g-b left");
        // A late part of the older s1 is told but not stored: it cannot bring g-b back.
        awaitProcessed(robotEvent(EventTypes.GROUPS_LISTED, a.merchantId(), robot, s1, part(2, 2, group("g-b", "b", 2))));
        assertEquals(java.util.Set.of("g-a", "g-c"), current(robot), "a stale part changes nothing");
        assertEquals(3, GroupTestSupport.webhooks(robot).stream().filter(w -> s1.equals(w.path("serialNo").asText())).count(),
                "a 2003 for every part delivered, the stale one included");
    }

    @Test
    void getGroupListPagesTheStoreAndACompleteListMarksTheOthersLeft() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_WS");
        seedGroups(a, robot, group("g-old", "old", 2), group("g-keep", "keep", -1));

        Reply stored = call(a, "getGroupList", data("vcRobotSerialNo", robot));
        assertTrue(stored.success(), stored.body()::toString);
        assertEquals(2, stored.data().path("total").asInt());
        assertFalse(stored.data().path("refreshing").asBoolean());
        assertNull(command(stored.serialNo()), "no refresh, no command");

        Reply refresh = call(a, "getGroupList", data("vcRobotSerialNo", robot, "refresh", "true"));
        assertTrue(refresh.data().path("refreshing").asBoolean());
        assertEquals("getGroupList", command(refresh.serialNo()).path("data").path("operation").asText());
        assertEquals(0, content(refresh.serialNo()).size(), "getGroupList content is {}");
        ObjectNode list = obj().put("complete", true);
        list.putArray("groups").add(group("g-keep", "kept", -1)).add(group("g-new", "new", 1));
        awaitProcessed(robotEvent(EventTypes.GROUPS_LISTED, a.merchantId(), robot, refresh.serialNo(), list));

        assertEquals(1, count("select count(*) from chat_group where robot_serial_no = ?1 and group_id = 'g-old'"
                + " and left_at is not null", robot), "a group the complete list does not name is marked left");
        assertEquals(2, count("select count(*) from chat_group where robot_serial_no = ?1 and left_at is null", robot));
        Reply page1 = call(a, "getGroupList", data("vcRobotSerialNo", robot, "limit", 1));
        assertEquals(2, page1.data().path("total").asInt());
        assertEquals("g-keep", page1.data().path("groups").get(0).path("vcGroupId").asText());
        assertEquals("kept", page1.data().path("groups").get(0).path("vcGroupName").asText());
        assertEquals("g-keep", page1.data().path("nextAfter").asText(), "keyset: the next page starts after it");
        // A group joined while the merchant pages, sorting before the cursor, neither shifts nor repeats a row.
        awaitProcessed(robotEvent(EventTypes.GROUP_CHANGED, a.merchantId(), robot, null,
                obj().set("group", group("g-early", "joined meanwhile", 1))));
        Reply page2 = call(a, "getGroupList", data("vcRobotSerialNo", robot, "limit", 1, "after", "g-keep"));
        assertEquals("g-new", page2.data().path("groups").get(0).path("vcGroupId").asText());
        assertTrue(page2.data().path("nextAfter").isNull(), "the last page: " + page2.body());
        assertEquals(3, page2.data().path("total").asInt());

        JsonNode w = webhook(robot, refresh.serialNo()).path("data");
        assertEquals(2003, w.path("nType").asInt());
        assertEquals(2, w.path("data").size());
        assertEquals(List.of("vcGroupId", "vcGroupName", "nCreateTime", "vcStrData", "vcOwnerUserId", "memberJoinTime"),
                fields(w.path("data").get(1)), "the seed's 2003 field names");
        assertTrue(w.path("data").get(0).path("memberJoinTime").isNull(), "a list without members says so");
    }

    @Test
    void getGroupInfoAnswersFromTheStoreAndAsksTheRobotWithTheLinkInfo() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_DEVICE");
        seedGroups(a, robot, group("g1", "one", 2), group("g2", "two", -1));

        Reply r = call(a, "getGroupInfo", data("vcRobotSerialNo", robot, "vcGroupSerialNo", List.of("g1")));
        assertTrue(r.success(), r.body()::toString);
        JsonNode g = r.data().path("groups").get(0);
        assertEquals("g1", g.path("vcGroupId").asText());
        assertEquals("key-g1", g.path("vcGroupKey").asText());
        assertEquals(2, g.path("memberJoinTime").size());
        JsonNode content = content(r.serialNo());
        assertEquals(List.of("g1"), strings(content.path("groupIds")));
        assertEquals("key-g1", content.path("groupInfo").path("groupKey").asText(), "LINE_DEVICE gets the link info");
        assertEquals(59542651L, content.path("groupInfo").path("groupTagB").asLong());
        assertEquals(4094372L, content.path("groupInfo").path("ownerTagB").asLong());
        assertEquals("owner-g1", content.path("groupInfo").path("ownerUserId").asText(), "as 10007's group_info");

        // Several groups: each one's link info by id, null for a stored group without any (the device fetches it).
        awaitProcessed(robotEvent(EventTypes.GROUP_CHANGED, a.merchantId(), robot, null,
                obj().set("group", obj().put("groupId", "g3").put("groupName", "no link info"))));
        Reply several = call(a, "getGroupInfo", data("vcRobotSerialNo", robot, "vcGroupSerialNo",
                List.of("g1", "g2", "g3")));
        assertTrue(several.success(), several.body()::toString);
        JsonNode infos = content(several.serialNo()).path("groupInfos");
        assertEquals("key-g1", infos.path("g1").path("groupKey").asText(), infos::toString);
        assertEquals("key-g2", infos.path("g2").path("groupKey").asText(), infos::toString);
        assertTrue(infos.has("g3") && infos.get("g3").isNull(), infos::toString);
        assertFalse(content(several.serialNo()).has("groupInfo"), "one groupInfo cannot describe several groups");

        ObjectNode fresh = group("g1", "one renamed", 1);
        awaitProcessed(robotEvent(EventTypes.GROUP_INFO, a.merchantId(), robot, r.serialNo(),
                obj().set("groups", GroupTestSupport.JSON.createArrayNode().add(fresh))));
        assertEquals(1, count("select count(*) from group_member where robot_serial_no = ?1 and group_id = 'g1'"
                + " and left_at is null", robot), "members replaced by the listed ones");
        assertEquals(1, count("select count(*) from group_member where robot_serial_no = ?1 and group_id = 'g1'"
                + " and left_at is not null", robot), "the other is kept, marked left");
        JsonNode w = webhook(robot, r.serialNo()).path("data");
        assertEquals(2002, w.path("nType").asInt());
        assertEquals("one renamed", w.path("data").get(0).path("vcGroupName").asText());
        assertEquals(List.of("vcGroupId", "vcGroupName", "nCreateTime", "vcStrData", "vcOwnerUserId", "memberJoinTime"),
                fields(w.path("data").get(0)));

        assertRefused(call(a, "getGroupInfo", data("vcRobotSerialNo", robot, "vcGroupSerialNo", List.of("g1", "nope"))),
                404, 40401, "nope");
    }

    @Test
    void inviteQuitAndUpdateReachTheStoreAndTheirWebhooks() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "IM_HTTP");
        seedGroups(a, robot, group("g1", "one", 1));

        Reply invite = call(a, "inviteFriendsToGroup", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g1",
                "vcFriendSerialNos", List.of("f1", "f2")));
        assertTrue(invite.success(), invite.body()::toString);
        JsonNode ic = content(invite.serialNo());
        assertEquals("g1", ic.path("groupId").asText());
        assertEquals(List.of("f1", "f2"), strings(ic.path("userIds")));
        assertFalse(ic.has("groupInfo"), "link info only for LINE_DEVICE");
        Reply one = call(a, "inviteFriendsToGroup", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g1",
                "vcFriendSerialNo", "f3"));
        assertEquals(List.of("f3"), strings(content(one.serialNo()).path("userIds")), "the single form");
        awaitProcessed(robotEvent(EventTypes.GROUP_INVITED, a.merchantId(), robot, invite.serialNo(),
                obj().put("groupId", "g1").set("userIds", GroupTestSupport.JSON.valueToTree(List.of("f1", "f2")))));
        assertEquals(3, count("select count(*) from group_member where robot_serial_no = ?1 and group_id = 'g1'"
                + " and left_at is null", robot));
        assertEquals(3, count("select member_count from chat_group where robot_serial_no = ?1 and group_id = 'g1'", robot));
        JsonNode iw = webhook(robot, invite.serialNo()).path("data");
        assertEquals(2006, iw.path("nType").asInt());
        assertEquals(List.of("vcGroupId", "vcUserIds"), fields(iw.path("data")));
        assertEquals(List.of("f1", "f2"), strings(iw.path("data").path("vcUserIds")));

        Reply update = call(a, "updateGroup", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g1",
                "vcGroupName", "renamed", "notice", "line one\nline two", "muteAll", true));
        assertTrue(update.success(), update.body()::toString);
        JsonNode uc = content(update.serialNo());
        assertEquals("g1", uc.path("groupId").asText());
        assertEquals("renamed", uc.path("name").asText());
        assertEquals("line one\nline two", uc.path("notice").asText());
        assertTrue(uc.path("muteAll").asBoolean());
        assertFalse(uc.has("picture"), "only the fields given");
        ObjectNode changes = obj().put("name", "renamed").put("notice", "line one\nline two").put("muteAll", true);
        awaitProcessed(robotEvent(EventTypes.GROUP_UPDATED, a.merchantId(), robot, update.serialNo(),
                obj().put("groupId", "g1").set("changes", changes)));
        assertEquals(1, count("select count(*) from chat_group where robot_serial_no = ?1 and group_id = 'g1'"
                + " and name = 'renamed' and notice = ?2 and mute_all", robot, "line one\nline two"));
        JsonNode uw = webhook(robot, update.serialNo()).path("data");
        assertEquals(2002, uw.path("nType").asInt());
        assertEquals("renamed", uw.path("data").get(0).path("vcGroupName").asText());
        assertEquals(3, uw.path("data").get(0).path("memberJoinTime").size());

        Reply quit = call(a, "quitGroup", data("vcRobotSerialNo", robot, "group_id", "g1"));
        assertTrue(quit.success(), quit.body()::toString);
        assertEquals("g1", content(quit.serialNo()).path("groupId").asText());
        awaitProcessed(robotEvent(EventTypes.GROUP_QUIT, a.merchantId(), robot, quit.serialNo(),
                obj().put("groupId", "g1")));
        assertEquals(1, count("select count(*) from chat_group where robot_serial_no = ?1 and group_id = 'g1'"
                + " and left_at is not null", robot));
        JsonNode qw = webhook(robot, quit.serialNo()).path("data");
        assertEquals(2005, qw.path("nType").asInt());
        assertEquals(List.of("vcGroupId", "vcGroupName"), fields(qw.path("data")));
        assertEquals("renamed", qw.path("data").path("vcGroupName").asText());
        assertRefused(call(a, "quitGroup", data("vcRobotSerialNo", robot, "group_id", "g1")), 409, 40902, "has left");
    }

    @Test
    void aFailedCommandGivesTheOperationsWebhookWithCode2AndTheReason() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_WS");
        seedGroups(a, robot, group("g1", "one", 1));
        Reply invite = call(a, "inviteFriendsToGroup", data("vcRobotSerialNo", robot, "vcGroupSerialNo", "g1",
                "vcFriendSerialNo", "f1"));
        Reply create = call(a, "createGroup", data("vcRobotSerialNo", robot, "vcGroupName", "x",
                "vcFriendSerialNoList", List.of("f1")));
        awaitProcessed(robotEvent(EventTypes.COMMAND_FAILED, a.merchantId(), robot, invite.serialNo(),
                obj().put("operation", "inviteFriendsToGroup").put("protocol", "LINE_WS").put("status", "FAILED")
                        .put("reason", "not a friend")));
        awaitProcessed(robotEvent(EventTypes.COMMAND_FAILED, a.merchantId(), robot, create.serialNo(),
                obj().put("operation", "createGroup").put("status", "TIMED_OUT").put("reason", "no answer in 60 s")));

        JsonNode iw = webhook(robot, invite.serialNo()).path("data");
        assertEquals(2006, iw.path("nType").asInt());
        assertEquals(2, iw.path("nResultCode").asInt());
        assertEquals("not a friend", iw.path("vcResultMsg").asText());
        assertEquals("g1", iw.path("data").path("vcGroupId").asText());
        JsonNode cw = webhook(robot, create.serialNo()).path("data");
        assertEquals(2001, cw.path("nType").asInt());
        assertEquals(2, cw.path("nResultCode").asInt());
        assertEquals("no answer in 60 s", cw.path("vcResultMsg").asText());
        assertEquals(0, count("select count(*) from group_member where robot_serial_no = ?1 and user_id = 'f1'", robot),
                "nothing stored for a failure");
    }

    @Test
    void merchantBCannotSeeOrActOnMerchantAsRobotOrGroups() {
        Merchant a = merchant("merchant-a");
        Merchant b = merchant("merchant-b");
        String robotA = robot(a, "IM_HTTP");
        String robotB = robot(b, "IM_HTTP");
        String listA = seedGroups(a, robotA, group("shared-id", "A's group", 2));

        List<Reply> byRobot = new ArrayList<>();
        byRobot.add(call(b, "createGroup", data("vcRobotSerialNo", robotA, "vcGroupName", "x",
                "vcFriendSerialNoList", List.of("u1"))));
        byRobot.add(call(b, "getGroupInfo", data("vcRobotSerialNo", robotA, "vcGroupSerialNo", List.of("shared-id"))));
        byRobot.add(call(b, "getGroupList", data("vcRobotSerialNo", robotA)));
        byRobot.add(call(b, "inviteFriendsToGroup", data("vcRobotSerialNo", robotA, "vcGroupSerialNo", "shared-id",
                "vcFriendSerialNo", "u1")));
        byRobot.add(call(b, "quitGroup", data("vcRobotSerialNo", robotA, "group_id", "shared-id")));
        byRobot.add(call(b, "updateGroup", data("vcRobotSerialNo", robotA, "vcGroupSerialNo", "shared-id",
                "vcGroupName", "mine")));
        for (Reply r : byRobot) {
            assertRefused(r, 403, 40301, "belongs to another merchant");
            assertNull(command(r.serialNo()), "no command for a refused call");
            assertFalse(r.body().toString().contains("A's group"), "nothing of A's group shows");
        }

        // B's own robot, naming A's group id: not found, never A's row.
        assertRefused(call(b, "getGroupInfo", data("vcRobotSerialNo", robotB, "vcGroupSerialNo", List.of("shared-id"))),
                404, 40401, "shared-id");
        assertRefused(call(b, "inviteFriendsToGroup", data("vcRobotSerialNo", robotB, "vcGroupSerialNo", "shared-id",
                "vcFriendSerialNo", "u1")), 404, 40401, "shared-id");
        assertRefused(call(b, "quitGroup", data("vcRobotSerialNo", robotB, "group_id", "shared-id")), 404, 40401,
                "shared-id");
        assertRefused(call(b, "updateGroup", data("vcRobotSerialNo", robotB, "vcGroupSerialNo", "shared-id",
                "vcGroupName", "mine")), 404, 40401, "shared-id");
        Reply listB = call(b, "getGroupList", data("vcRobotSerialNo", robotB));
        assertEquals(0, listB.data().path("total").asInt(), listB.body()::toString);
        assertRefused(call(b, "getGroupList", data("vcRobotSerialNo", "no-such-robot")), 404, 40403, "not found");

        // Events: B's link cannot report into A's robot, by a push or by replaying A's command serial.
        var push = robotEvent(EventTypes.GROUP_CHANGED, b.merchantId(), robotA, null,
                obj().set("group", group("planted", "planted", 1)));
        var replay = robotEvent(EventTypes.GROUPS_LISTED, b.merchantId(), robotA, listA,
                obj().put("complete", true).set("groups", GroupTestSupport.JSON.createArrayNode()
                        .add(group("planted2", "planted", 1))));
        awaitProcessed(push);
        awaitProcessed(replay);
        assertEquals(0, count("select count(*) from chat_group where group_id like 'planted%'"));
        assertEquals(1, count("select count(*) from chat_group where robot_serial_no = ?1 and left_at is null", robotA),
                "A's group is not marked left by B's replayed list");
        // A's own push is applied (account-service says A owns the robot).
        awaitProcessed(robotEvent(EventTypes.GROUP_CHANGED, a.merchantId(), robotA, null,
                obj().set("group", group("pushed", "joined", 1))));
        assertEquals(1, count("select count(*) from chat_group where robot_serial_no = ?1 and group_id = 'pushed'",
                robotA));
    }

    @Test
    void anOperationTheProtocolLacksIsRefusedWith40011AndNothingIsQueued() {
        Merchant a = merchant("merchant-a");
        String chat68 = robot(a, "CHAT68_WS");
        String lineDevice = robot(a, "LINE_DEVICE");
        String lineWs = robot(a, "LINE_WS");
        seedGroups(a, chat68, group("g1", "one", 1));
        seedGroups(a, lineDevice, group("g1", "one", 1));
        seedGroups(a, lineWs, group("g1", "one", 1));

        Reply create = call(a, "createGroup", data("vcRobotSerialNo", chat68, "vcGroupName", "x",
                "vcFriendSerialNoList", List.of("u1")));
        assertRefused(create, 400, 40011, "createGroup is not supported by protocol CHAT68_WS (docs/PROTOCOLS.md)");
        assertNull(command(create.serialNo()));
        assertRefused(call(a, "inviteFriendsToGroup", data("vcRobotSerialNo", chat68, "vcGroupSerialNo", "g1",
                "vcFriendSerialNo", "u1")), 400, 40011, "inviteFriendsToGroup is not supported by protocol CHAT68_WS");
        assertRefused(call(a, "quitGroup", data("vcRobotSerialNo", chat68, "group_id", "g1")), 400, 40011,
                "quitGroup is not supported by protocol CHAT68_WS");
        Reply upd = call(a, "updateGroup", data("vcRobotSerialNo", lineDevice, "vcGroupSerialNo", "g1",
                "vcGroupName", "x"));
        assertRefused(upd, 400, 40011, "updateGroup is not supported by protocol LINE_DEVICE");
        assertNull(command(upd.serialNo()));
        // A variant: LINE_WS renames but has no notice; a request with both is refused as a whole.
        Reply both = call(a, "updateGroup", data("vcRobotSerialNo", lineWs, "vcGroupSerialNo", "g1",
                "vcGroupName", "x", "notice", "n"));
        assertRefused(both, 400, 40011, "updateGroup.notice is not supported by protocol LINE_WS");
        assertNull(command(both.serialNo()));
        assertRefused(call(a, "updateGroup", data("vcRobotSerialNo", chat68, "vcGroupSerialNo", "g1",
                "vcGroupName", "x")), 400, 40011, "updateGroup.name is not supported by protocol CHAT68_WS");
        Reply mute = call(a, "updateGroup", data("vcRobotSerialNo", chat68, "vcGroupSerialNo", "g1",
                "muteMember", Map.of("userId", "u1", "seconds", 600)));
        assertTrue(mute.success(), "CHAT68_WS mutes a member: " + mute.body());
        JsonNode mm = content(mute.serialNo()).path("muteMember");
        assertEquals("u1", mm.path("userId").asText());
        assertEquals(600, mm.path("seconds").asInt());
        Reply rename = call(a, "updateGroup", data("vcRobotSerialNo", lineWs, "vcGroupSerialNo", "g1",
                "vcGroupName", "x"));
        assertTrue(rename.success(), "LINE_WS renames: " + rename.body());
    }

    @Test
    void theInternalLinkInfoAndTheAdminViews() {
        Merchant a = merchant("merchant-a");
        String robot = robot(a, "LINE_DEVICE");
        seedGroups(a, robot, group("g1", "one", 3));
        io.restassured.RestAssured.given().baseUri(base).auth().oauth2("test-internal-token")
                .get("/internal/groups/{r}/{g}", robot, "g1").then().statusCode(200)
                .body("groupId", org.hamcrest.Matchers.equalTo("g1"))
                .body("groupKey", org.hamcrest.Matchers.equalTo("key-g1"))
                .body("groupTagB", org.hamcrest.Matchers.equalTo(59542651))
                .body("ownerTagB", org.hamcrest.Matchers.equalTo(4094372))
                .body("ownerUserId", org.hamcrest.Matchers.equalTo("owner-g1"))
                .body("groupName", org.hamcrest.Matchers.equalTo("one"));
        io.restassured.RestAssured.given().baseUri(base).auth().oauth2("test-internal-token")
                .get("/internal/groups/{r}/{g}", robot, "nope").then().statusCode(404);
        io.restassured.RestAssured.given().baseUri(base)
                .get("/internal/groups/{r}/{g}", robot, "g1").then().statusCode(401);

        seedGroups(a, robot, group("g1", "one", 3), group("g2", "two", 1));
        String next = io.restassured.RestAssured.given().baseUri(base).auth().oauth2("test-admin-token")
                .queryParam("robotSerialNo", robot).queryParam("limit", 1).get("/admin/groups").then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(2))
                .body("groups[0].groupId", org.hamcrest.Matchers.equalTo("g1")).extract().path("next");
        io.restassured.RestAssured.given().baseUri(base).auth().oauth2("test-admin-token")
                .queryParam("robotSerialNo", robot).queryParam("limit", 1).queryParam("after", next)
                .get("/admin/groups").then().statusCode(200)
                .body("groups[0].groupId", org.hamcrest.Matchers.equalTo("g2"))
                .body("next", org.hamcrest.Matchers.nullValue());
        io.restassured.RestAssured.given().baseUri(base).auth().oauth2("test-admin-token")
                .queryParam("after", "not a cursor").get("/admin/groups").then().statusCode(400);
        io.restassured.RestAssured.given().baseUri(base).auth().oauth2("test-admin-token")
                .queryParam("page", 2).get("/admin/groups").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("keyset"));
        String member = io.restassured.RestAssured.given().baseUri(base).auth().oauth2("test-admin-token")
                .queryParam("limit", 2).get("/admin/groups/{r}/{g}/members", robot, "g1").then().statusCode(200)
                .body("members.size()", org.hamcrest.Matchers.equalTo(2))
                .body("members[0].userId", org.hamcrest.Matchers.equalTo("u0-g1")).extract().path("next");
        io.restassured.RestAssured.given().baseUri(base).auth().oauth2("test-admin-token")
                .queryParam("limit", 2).queryParam("after", member)
                .get("/admin/groups/{r}/{g}/members", robot, "g1").then().statusCode(200)
                .body("members.userId", org.hamcrest.Matchers.contains("u2-g1"))
                .body("next", org.hamcrest.Matchers.nullValue());
        io.restassured.RestAssured.given().baseUri(base).get("/admin/groups").then().statusCode(401);
    }

    @Test
    void theApiDocumentShowsTheSixOperationsWithTheirAnswers() {
        String doc = io.restassured.RestAssured.given().baseUri(base).queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString();
        for (String op : List.of("createGroup", "getGroupInfo", "getGroupList", "inviteFriendsToGroup", "quitGroup",
                "updateGroup")) {
            assertTrue(doc.contains("\"/openapi/v1/" + op + "\""), op + " is documented");
        }
        assertTrue(doc.contains("GroupInfoAnswer") && doc.contains("GroupPage") && doc.contains("Accepted"),
                "the answers are documented as components");
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void commandRecordsOlderThanTheRetentionArePurgedAndNewerOnesKept() {
        String old = "cmd-old-" + java.util.UUID.randomUUID();
        String fresh = "cmd-new-" + java.util.UUID.randomUUID();
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
            var em = GroupTestSupport.bean(jakarta.persistence.EntityManager.class);
            em.createNativeQuery("insert into group_command (serial_no, merchant_id, robot_serial_no, operation,"
                    + " created_at) values (?1, 'm', 'r', 'quitGroup', now() - interval '8 days'),"
                    + " (?2, 'm', 'r', 'quitGroup', now())").setParameter(1, old).setParameter(2, fresh).executeUpdate();
        });
        assertTrue(GroupTestSupport.bean(io.switchboard.group.service.GroupCommandRetention.class).purge() >= 1);
        assertEquals(0, count("select count(*) from group_command where serial_no = ?1", old));
        assertEquals(1, count("select count(*) from group_command where serial_no = ?1", fresh));
    }
}
