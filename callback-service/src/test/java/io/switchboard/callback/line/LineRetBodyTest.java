package io.switchboard.callback.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.callback.driver.line.LineMalformed;
import io.switchboard.callback.driver.line.LineRetBody;
import io.switchboard.sim.line.LineFixtures;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

/**
 * Every result sample of seed 000 (the simulators' repaired fixtures) parses into exactly its expected records
 * ({@code x.expected.json} beside {@code x.json}, written from docs/LINE_DEVICE.md's mapping table by
 * simulators/scripts/line-expected-parses.py), compared field by field; malformed RetBodies are refused.
 */
class LineRetBodyTest {
    static final java.util.List<String> RESULTS = LineFixtures.RESULTS;

    @ParameterizedTest(name = "{0}")
    @FieldSource("RESULTS")
    void everyResultSampleParsesIntoItsExpectedRecords(String fixture) {
        JsonNode expected = LineFixtures.json(LineFixtures.expectedOf(fixture));
        String action = expected.path("action").asText();
        JsonNode actual = LineRetBody.parse(action, LineFixtures.json(fixture)).toJson();
        compare("", expected.path("parse"), actual);
    }

    /** Asserts equality path by path, so a failure names the one field that differs. */
    static void compare(String path, JsonNode expected, JsonNode actual) {
        if (expected.isObject()) {
            assertTrue(actual != null && actual.isObject(), path + ": expected an object, got " + actual);
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            TreeSet<String> got = new TreeSet<>();
            actual.fieldNames().forEachRemaining(got::add);
            assertEquals(names, got, path + ": field names");
            for (String n : names) {
                compare(path + "." + n, expected.get(n), actual.get(n));
            }
        } else if (expected.isArray()) {
            assertTrue(actual != null && actual.isArray(), path + ": expected an array, got " + actual);
            assertEquals(expected.size(), actual.size(), path + ": size");
            for (int i = 0; i < expected.size(); i++) {
                compare(path + "[" + i + "]", expected.get(i), actual.get(i));
            }
        } else if (expected.isNumber()) {
            assertTrue(actual != null && actual.isNumber(), path + ": expected a number, got " + actual);
            assertEquals(expected.asLong(), actual.asLong(), path);
        } else {
            assertEquals(expected, actual, path);
        }
    }

    @Test
    void theSamplesCoverEveryResultActionAndSpellingTheSeedUses() {
        TreeSet<String> actions = new TreeSet<>();
        for (String f : RESULTS) {
            actions.add(LineFixtures.json(LineFixtures.expectedOf(f)).path("action").asText());
        }
        assertEquals(new TreeSet<>(java.util.List.of("AddFriend", "GetFriendList", "CreateGroup", "GetGroupInfo",
                "InviteFriendsToGroup", "QuitGroup", "GetGroupList", "SyncContacts", "SendMessage")), actions);
        // 10004 spells the inner struct "parm": its members are still read.
        LineRetBody.Parsed info = LineRetBody.parse("GetGroupInfo", LineFixtures.json("group-info.json"));
        assertEquals(3, info.groups().get(0).members().size());
        // __isset false means absent: taozi's PreviewParm.
        LineRetBody.Parsed friends = LineRetBody.parse("GetFriendList", LineFixtures.json("friend-list.json"));
        assertNull(friends.contacts().stream().filter(c -> c.userName().equals("taozi")).findFirst().orElseThrow()
                .previewParm());
        ObjectNode setFalse = LineFixtures.object("add-friend.json");
        JsonNode rb = LineFixtures.retBody("add-friend.json");
        ObjectNode user = (ObjectNode) rb.path("Parm").path("ContactsData").path("ucfbf47a4e0c87d0a98ff9877ba051fbc")
                .path("User");
        user.put("PreviewParm", "0hStale");
        ((ObjectNode) setFalse.get("dc_data")).put("RetBody", rb.toString());
        assertNull(LineRetBody.parse("AddFriend", setFalse).contacts().get(0).previewParm());
    }

    @Test
    void aFailureIsReadFromRetAndSuccess() {
        LineRetBody.Parsed f = LineRetBody.parse("AddFriend", LineFixtures.json("add-friend-failure.json"));
        assertTrue(f.outcome().failed());
        assertEquals("error", f.outcome().reason("AddFriend"));
        ObjectNode retOnly = LineFixtures.object("create-group.json");
        ((ObjectNode) retOnly.get("dc_data")).put("Ret", 3).put("RetMsg", "too many members").put("RetBody", "");
        assertEquals("too many members", LineRetBody.parse("CreateGroup", retOnly).outcome().reason("CreateGroup"));
        ObjectNode noText = LineFixtures.object("quit-group.json").put("success", false);
        ((ObjectNode) noText.get("dc_data")).remove("RetMsg");
        assertEquals("QuitGroup failed (Ret 0)", LineRetBody.parse("QuitGroup", noText).outcome().reason("QuitGroup"));
    }

    @Test
    void aSendMessageResultIsItsDataAndABadOneIsRefused() {
        // The seed's image result: no group_info, queueCount 0.
        LineRetBody.Sent image = LineRetBody.parse("SendMessage", LineFixtures.json("send-message-image.json")).sent();
        assertNull(image.groupInfo());
        assertEquals(0, image.queueCount());
        ObjectNode noData = LineFixtures.object("send-message-image.json");
        noData.putNull("data");
        assertNull(LineRetBody.parse("SendMessage", noData).sent().queueCount());
        ObjectNode negative = LineFixtures.object("send-message-image.json");
        ((ObjectNode) negative.get("data")).put("queueCount", -2);
        assertMessage(() -> LineRetBody.parse("SendMessage", negative), "queueCount must not be negative");
        ObjectNode words = LineFixtures.object("send-message-text.json");
        ((ObjectNode) words.get("data")).put("queueCount", "several");
        assertMessage(() -> LineRetBody.parse("SendMessage", words), "data.queueCount must be a whole number");
        ObjectNode noGroup = LineFixtures.object("send-message-text.json");
        ((ObjectNode) noGroup.path("data").path("group_info")).remove("group_id");
        assertMessage(() -> LineRetBody.parse("SendMessage", noGroup), "group_info.group_id is required");
        ObjectNode listInfo = LineFixtures.object("send-message-text.json");
        ((ObjectNode) listInfo.get("data")).putArray("group_info");
        assertMessage(() -> LineRetBody.parse("SendMessage", listInfo), "group_info must be an object or null");
        assertEquals("发送失败", LineRetBody.parse("SendMessage", LineFixtures.json("send-message-failure.json"))
                .outcome().reason("SendMessage"));
    }

    @Test
    void malformedRetBodiesAreRefusedWithTheFieldNamed() {
        refused("GetFriendList", "friend-list.json", "RetBody", rb -> ((ObjectNode) rb).remove("Parm"), "RetBody.Parm");
        refused("GetFriendList", "friend-list.json", "ContactsData",
                rb -> ((ObjectNode) rb.get("Parm")).put("ContactsData", "[]"), "ContactsData must be an object");
        refused("AddFriend", "add-friend.json", "UserId", rb -> ((ObjectNode) rb.path("Parm").path("ContactsData")
                .path("ucfbf47a4e0c87d0a98ff9877ba051fbc").path("User")).put("UserId", "uother"), "differs from its key");
        refused("AddFriend", "add-friend.json", "UserName", rb -> ((ObjectNode) rb.path("Parm").path("ContactsData")
                .path("ucfbf47a4e0c87d0a98ff9877ba051fbc").path("User")).put("UserName", 7), "UserName must be a string");
        refused("GetGroupList", "group-list.json", "Chats", rb -> ((ObjectNode) rb.get("Parm")).putObject("Chats"),
                "Chats must be an array");
        refused("GetGroupInfo", "group-info.json", "MemberJoinTime", rb -> ((ObjectNode) rb.path("Parm").path("Chats")
                .path(0).path("Data").path("parm").path("MemberJoinTime")).put("u1", "yesterday"), "epoch milliseconds");
        refused("CreateGroup", "create-group.json", "GroupId", rb -> ((ObjectNode) rb.path("Parm").path("Chats")
                .path(0)).remove("GroupId"), "GroupId is required");
        refused("SyncContacts", "sync-contacts.json", "UserRegInfo", rb -> ((ObjectNode) rb.path("Parm")
                .path("+8617775866645")).put("UserRegInfo", "x"), "UserRegInfo must be an object");
        refused("SyncContacts", "sync-contacts.json", "PhoneNumber", rb -> ((ObjectNode) rb.path("Parm")
                .path("+8617775866645")).put("PhoneNumber", "+1"), "differs from its key");

        ObjectNode notJson = LineFixtures.object("group-list.json");
        ((ObjectNode) notJson.get("dc_data")).put("RetBody", "{\"Parm\":");
        assertMessage(() -> LineRetBody.parse("GetGroupList", notJson), "RetBody is not a JSON document");
        ObjectNode empty = LineFixtures.object("friend-list.json");
        ((ObjectNode) empty.get("dc_data")).put("RetBody", "");
        assertMessage(() -> LineRetBody.parse("GetFriendList", empty), "dc_data.RetBody is required");
        ObjectNode strangeLink = LineFixtures.object("create-group-link-info.json");
        ((ObjectNode) strangeLink.path("data").path("group_info")).put("group_id", "cnotthisone");
        assertMessage(() -> LineRetBody.parse("CreateGroup", strangeLink), "not in the result's Chats");
        assertMessage(() -> LineRetBody.parse("QuitGroup", LineFixtures.object("quit-group.json").put("success", "yes")),
                "success must be true or false");
        assertMessage(() -> LineRetBody.parse("QuitGroup", LineFixtures.object("quit-group.json").put("serial_no", "")),
                "serial_no is required");
    }

    private static void refused(String action, String fixture, String what, Consumer<JsonNode> damage, String says) {
        ObjectNode body = LineFixtures.object(fixture);
        JsonNode rb = LineFixtures.retBody(fixture);
        damage.accept(rb);
        ((ObjectNode) body.get("dc_data")).put("RetBody", rb.toString());
        assertMessage(() -> LineRetBody.parse(action, body), says);
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String says) {
        LineMalformed m = assertThrows(LineMalformed.class, call);
        if (!m.getMessage().contains(says)) {
            fail("expected a message containing '" + says + "', got: " + m.getMessage());
        }
    }
}
