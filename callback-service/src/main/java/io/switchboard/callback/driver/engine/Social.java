package io.switchboard.callback.driver.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.callback.link.CommandResults.RobotEvent;
import io.switchboard.common.event.EventTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * The normalised contact and group records and the robot events that carry them (docs/SOCIAL.md), built the same
 * way by every engine driver. Protocol-neutral: each driver's session fills them from its own frames.
 */
public final class Social {
    private final ObjectMapper json;

    public Social(ObjectMapper json) {
        this.json = json;
    }

    /** A contact with what every engine gives; LINE's {@code previewParm}/{@code un2}/{@code un11} stay null here. */
    public ObjectNode contact(String userId, String userName, String phone, String avatarUrl) {
        return json.createObjectNode().put("userId", userId).put("userName", userName).put("phone", phone)
                .put("avatarUrl", avatarUrl).putNull("previewParm").putNull("un2").putNull("un11")
                .put("relation", "friend");
    }

    public ObjectNode member(String userId, Long joinTime) {
        return json.createObjectNode().put("userId", userId).put("joinTime", joinTime);
    }

    /** A group; LINE link info ({@code groupKey}, {@code groupTagB}, {@code ownerTagB}, {@code strData}) null. */
    public ObjectNode group(String groupId, String name, String ownerUserId, Long createTime, String notice,
                            Integer memberCount, List<ObjectNode> members) {
        ObjectNode g = json.createObjectNode().put("groupId", groupId).put("groupName", name).putNull("groupKey")
                .putNull("groupTagB").put("ownerUserId", ownerUserId).putNull("ownerTagB").put("createTime", createTime)
                .putNull("strData").put("notice", notice).put("memberCount", memberCount);
        if (members == null) {
            g.putNull("members");
        } else {
            g.putArray("members").addAll(members);
        }
        return g;
    }

    public RobotEvent contactsListed(List<ObjectNode> contacts) {
        ObjectNode d = json.createObjectNode().put("complete", true);
        d.putArray("contacts").addAll(contacts);
        return new RobotEvent(EventTypes.CONTACTS_LISTED, d);
    }

    public RobotEvent contactAdded(ObjectNode contact, String phone) {
        ObjectNode d = json.createObjectNode().put("phone", phone);
        d.set("contact", contact);
        return new RobotEvent(EventTypes.CONTACT_ADDED, d);
    }

    /** Successes only (seed 000 10010): each contact carries the phone it was found by. */
    public RobotEvent contactsSynced(List<ObjectNode> contacts) {
        ObjectNode d = json.createObjectNode();
        d.putArray("contacts").addAll(contacts);
        return new RobotEvent(EventTypes.CONTACTS_SYNCED, d);
    }

    public RobotEvent groupCreated(ObjectNode group) {
        ObjectNode d = json.createObjectNode();
        d.set("group", group);
        return new RobotEvent(EventTypes.GROUP_CREATED, d);
    }

    public RobotEvent groupInfo(List<ObjectNode> groups) {
        ObjectNode d = json.createObjectNode();
        d.putArray("groups").addAll(groups);
        return new RobotEvent(EventTypes.GROUP_INFO, d);
    }

    public RobotEvent groupsListed(List<ObjectNode> groups) {
        ObjectNode d = json.createObjectNode().put("complete", true);
        d.putArray("groups").addAll(groups);
        return new RobotEvent(EventTypes.GROUPS_LISTED, d);
    }

    public RobotEvent groupInvited(String groupId, JsonNode userIds) {
        ObjectNode d = json.createObjectNode().put("groupId", groupId);
        d.set("userIds", userIds);
        return new RobotEvent(EventTypes.GROUP_INVITED, d);
    }

    public RobotEvent groupQuit(String groupId) {
        return new RobotEvent(EventTypes.GROUP_QUIT, json.createObjectNode().put("groupId", groupId));
    }

    public RobotEvent groupUpdated(String groupId, ObjectNode changes) {
        ObjectNode d = json.createObjectNode().put("groupId", groupId);
        d.set("changes", changes);
        return new RobotEvent(EventTypes.GROUP_UPDATED, d);
    }

    public ObjectMapper json() {
        return json;
    }

    /** Runs the steps one after the other (an engine is asked one thing at a time) and collects their results. */
    public static <T> java.util.concurrent.CompletableFuture<List<T>> sequence(
            List<java.util.function.Supplier<java.util.concurrent.CompletableFuture<T>>> steps) {
        java.util.concurrent.CompletableFuture<List<T>> all =
                java.util.concurrent.CompletableFuture.completedFuture(new ArrayList<>());
        for (java.util.function.Supplier<java.util.concurrent.CompletableFuture<T>> step : steps) {
            all = all.thenCompose(list -> step.get().thenApply(r -> {
                list.add(r);
                return list;
            }));
        }
        return all;
    }

    /** A result the merchant reads with getTask, with no robot event (the extra operations of docs/SOCIAL.md). */
    public RobotEvent result(ObjectNode data) {
        return new RobotEvent(null, data);
    }

    public ObjectNode object() {
        return json.createObjectNode();
    }

    /** {@code {"contacts":[…]}}. */
    public RobotEvent contactsResult(List<ObjectNode> contacts) {
        ObjectNode d = json.createObjectNode();
        d.putArray("contacts").addAll(contacts);
        return result(d);
    }

    /** {@code {"groups":[…]}}. */
    public RobotEvent groupsResult(List<ObjectNode> groups) {
        ObjectNode d = json.createObjectNode();
        d.putArray("groups").addAll(groups);
        return result(d);
    }

    /** The strings of a JSON array (a command's {@code userIds}, {@code phones}, {@code groupIds}). */
    public static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
