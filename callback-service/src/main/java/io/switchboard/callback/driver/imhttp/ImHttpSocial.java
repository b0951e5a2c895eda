package io.switchboard.callback.driver.imhttp;

import static io.switchboard.callback.driver.engine.Social.sequence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.callback.driver.engine.EngineError;
import io.switchboard.callback.driver.engine.Social;
import io.switchboard.callback.link.CommandResults.RobotEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Friends and groups on the IM app (seed 003; docs/PROTOCOLS.md, docs/SOCIAL.md). The app names people by node
 * address ({@code c_nd_add}) and groups by {@code g_id}; creating a group or adding members takes the members'
 * contact records, so those operations read the contacts first.
 */
final class ImHttpSocial {
    private final Social social;
    private final ImHttpCodec codec;
    private final Function<ObjectNode, CompletableFuture<JsonNode>> call;

    ImHttpSocial(Social social, ImHttpCodec codec, Function<ObjectNode, CompletableFuture<JsonNode>> call) {
        this.social = social;
        this.codec = codec;
        this.call = call;
    }

    CompletableFuture<RobotEvent> plan(String operation, JsonNode content) {
        String groupId = content.path("groupId").asText(null);
        return switch (operation) {
            case "getFriendList" -> contacts().thenApply(list -> {
                List<ObjectNode> contacts = new ArrayList<>();
                list.forEach(c -> contacts.add(contact(c)));
                return social.contactsListed(contacts);
            });
            case "addFriend" -> {
                String node = content.path("userId").asText();
                yield call.apply(codec.call("contact", "addFriend").put("nodeId", node).put("content", "")
                        .put("remark", "")).thenApply(d -> social.contactAdded(social.contact(node, null, null, null), null));
            }
            case "getGroupList" -> call.apply(codec.call("group", "getAllGroups")).thenApply(d -> {
                List<ObjectNode> groups = new ArrayList<>();
                d.forEach(g -> groups.add(group(g, null, null)));
                return social.groupsListed(groups);
            });
            case "getGroupInfo" -> {
                List<Supplier<CompletableFuture<ObjectNode>>> steps = new ArrayList<>();
                for (String id : Social.strings(content.path("groupIds"))) {
                    steps.add(() -> call.apply(codec.call("group", "getGroupAllInfo").put("gId", id).put("isGetPs", true))
                            .thenApply(this::groupWithMembers));
                }
                yield sequence(steps).thenApply(social::groupInfo);
            }
            case "createGroup" -> createGroup(content.path("name").asText(), Social.strings(content.path("userIds")));
            case "inviteFriendsToGroup" -> items(Social.strings(content.path("userIds"))).thenCompose(items -> {
                ObjectNode body = codec.call("sync", "addGroupMemberWith").put("gId", groupId);
                body.set("mContacts", items);
                return call.apply(body);
            }).thenApply(d -> social.groupInvited(groupId, content.path("userIds")));
            case "quitGroup" -> call.apply(codec.call("group", "quiteGroup").put("gId", groupId)).thenApply(d -> {
                if (!d.path("status").asBoolean(true)) {
                    throw new EngineError("IM_HTTP app could not leave group " + groupId + " (quiteGroup status false)");
                }
                return social.groupQuit(groupId);
            });
            case "updateGroup" -> updateGroup(groupId, content);
            default -> CompletableFuture.failedFuture(
                    new EngineError("operation " + operation + " is not implemented by the IM_HTTP driver yet"));
        };
    }

    /**
     * Seed 003: name, notice and picture are {@code sync.updateGroupInfo} types 5, 9 and 6; mute-all and join-by-QR
     * are {@code sync.changeGroupConfig} types 12 and 11 (1 on, 0 off); the robot's nickname in the group is
     * {@code sync.updateGroupWithNickName}. Do-not-disturb is a toggle ({@code sync.updateGroupWithDisturb}): the
     * driver reads the group's {@code g_is_disturb} first and toggles only when it differs from what is asked.
     */
    private CompletableFuture<RobotEvent> updateGroup(String groupId, JsonNode content) {
        ObjectNode changes = social.json().createObjectNode();
        List<Supplier<CompletableFuture<JsonNode>>> steps = new ArrayList<>();
        info(steps, changes, content, "name", 5, groupId);
        info(steps, changes, content, "notice", 9, groupId);
        info(steps, changes, content, "picture", 6, groupId);
        config(steps, changes, content, "muteAll", 12, groupId);
        config(steps, changes, content, "joinByUrl", 11, groupId);
        if (content.hasNonNull("robotNickname")) {
            changes.set("robotNickname", content.get("robotNickname"));
            steps.add(() -> call.apply(codec.call("sync", "updateGroupWithNickName").put("gId", groupId)
                    .put("nickName", content.get("robotNickname").asText())));
        }
        if (content.hasNonNull("notifications")) {
            boolean wanted = content.get("notifications").asBoolean();
            changes.put("notifications", wanted);
            steps.add(() -> call.apply(codec.call("group", "getGroupAllInfo").put("gId", groupId).put("isGetPs", false))
                    .thenCompose(d -> {
                        boolean muted = d.path("groupConfigData").path("g_is_disturb").asInt(0) == 1;
                        return muted == !wanted ? CompletableFuture.completedFuture(d)
                                : call.apply(codec.call("sync", "updateGroupWithDisturb").put("gid", groupId));
                    }));
        }
        if (steps.isEmpty()) {
            return CompletableFuture.failedFuture(new EngineError("updateGroup names no field IM_HTTP can change"));
        }
        return sequence(steps).thenApply(x -> social.groupUpdated(groupId, changes));
    }

    private void info(List<Supplier<CompletableFuture<JsonNode>>> steps, ObjectNode changes, JsonNode content,
                      String field, int type, String groupId) {
        if (content.hasNonNull(field)) {
            changes.set(field, content.get(field));
            steps.add(() -> call.apply(codec.call("sync", "updateGroupInfo").put("gId", groupId)
                    .put("editContent", content.get(field).asText()).put("type", type)));
        }
    }

    private void config(List<Supplier<CompletableFuture<JsonNode>>> steps, ObjectNode changes, JsonNode content,
                        String field, int types, String groupId) {
        if (content.hasNonNull(field)) {
            changes.set(field, content.get(field));
            steps.add(() -> call.apply(codec.call("sync", "changeGroupConfig").put("gId", groupId).put("types", types)
                    .put("editContent", content.get(field).asBoolean() ? 1 : 0)));
        }
    }

    /** A contact record pushed by the app (the {@code contact} listener): {@code contact.changed}. */
    RobotEvent contactChanged(JsonNode record) {
        ObjectNode d = social.json().createObjectNode();
        d.set("contact", contact(record));
        return new RobotEvent(io.switchboard.common.event.EventTypes.CONTACT_CHANGED, d);
    }

    /** A group record pushed by the app (the {@code group} listener): {@code group.changed}. */
    RobotEvent groupChanged(JsonNode record) {
        ObjectNode d = social.json().createObjectNode();
        d.set("group", group(record, null, null));
        return new RobotEvent(io.switchboard.common.event.EventTypes.GROUP_CHANGED, d);
    }

    /**
     * group.createGroup answers no group id (seed 003), so the driver reads the group list after it and takes the
     * newest group of that name.
     */
    private CompletableFuture<RobotEvent> createGroup(String name, List<String> members) {
        return items(members).thenCompose(items -> {
            ObjectNode body = codec.call("group", "createGroup").put("identifier", UUID.randomUUID().toString())
                    .put("groupName", name);
            body.set("itemList", items);
            return call.apply(body);
        }).thenCompose(x -> call.apply(codec.call("group", "getAllGroups"))).thenApply(all -> {
            JsonNode newest = null;
            for (JsonNode g : all) {
                if (name.equals(g.path("g_name").asText()) && (newest == null
                        || g.path("created_time").asLong() > newest.path("created_time").asLong())) {
                    newest = g;
                }
            }
            if (newest == null) {
                throw new EngineError("IM_HTTP app created group '" + name + "' but does not list it");
            }
            List<ObjectNode> joined = new ArrayList<>();
            members.forEach(m -> joined.add(social.member(m, null)));
            return social.groupCreated(group(newest, null, joined));
        });
    }

    /** The app's contacts (the default block, "1"). */
    private CompletableFuture<List<JsonNode>> contacts() {
        return call.apply(codec.call("contact", "getContacts").put("blockId", "1")).thenApply(d -> {
            List<JsonNode> out = new ArrayList<>();
            d.forEach(out::add);
            return out;
        });
    }

    /** The member records group.createGroup and sync.addGroupMemberWith take, from the contacts. */
    private CompletableFuture<ArrayNode> items(List<String> nodes) {
        return contacts().thenApply(list -> {
            Map<String, JsonNode> byNode = new HashMap<>();
            list.forEach(c -> byNode.put(c.path("c_nd_add").asText(), c));
            ArrayNode items = social.json().createArrayNode();
            for (String node : nodes) {
                JsonNode c = byNode.get(node);
                if (c == null) {
                    throw new EngineError(node + " is not a contact of this IM robot");
                }
                items.addObject().put("cId", c.path("c_id").asText()).put("cPfpId", c.path("c_pfp_id").asInt())
                        .put("cPfpUrl", c.path("c_pfp_url").asText("")).put("cNic", c.path("c_nic").asText(""))
                        .put("cNdAdd", node).put("cPs", c.path("c_ps").asText(""))
                        .put("cPubCurve", c.path("c_pub_curve").asText(""));
            }
            return items;
        });
    }

    private ObjectNode groupWithMembers(JsonNode d) {
        List<ObjectNode> members = new ArrayList<>();
        String owner = null;
        for (JsonNode item : d.path("groupItems")) {
            members.add(social.member(item.path("u_nd_add").asText(), item.path("created_time").asLong()));
            if (item.path("g_is_owner").asInt() == 1) {
                owner = item.path("u_nd_add").asText();
            }
        }
        return group(d.path("groupData"), owner, members);
    }

    private ObjectNode group(JsonNode g, String owner, List<ObjectNode> members) {
        return social.group(g.path("g_id").asText(), g.path("g_name").asText(null), owner,
                g.hasNonNull("created_time") ? g.path("created_time").asLong() : null,
                emptyToNull(g.path("g_info").asText(null)), members == null ? null : members.size(), members);
    }

    private ObjectNode contact(JsonNode c) {
        return social.contact(c.path("c_nd_add").asText(null), c.path("c_nic").asText(null), null,
                emptyToNull(c.path("c_pfp_url").asText(null)));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
