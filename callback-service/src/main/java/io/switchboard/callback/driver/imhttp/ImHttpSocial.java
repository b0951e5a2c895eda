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
                            .thenApply(d -> groupWithMembers(d, id)));
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
            case "getContactInfo" -> {
                List<Supplier<CompletableFuture<ObjectNode>>> steps = new ArrayList<>();
                for (String id : Social.strings(content.path("userIds"))) {
                    steps.add(() -> call.apply(codec.call("contact", "getContactByNoId").put("nodeId", id))
                            .thenApply(this::contact));
                }
                yield sequence(steps).thenApply(social::contactsResult);
            }
            case "searchContact" -> {
                String node = content.path("userId").asText();
                yield call.apply(codec.call("contact", "getUserInfo").put("nodeId", node)).thenApply(d ->
                        social.contactsResult(List.of(social.contact(node, d.path("nic").asText(null), null,
                                emptyToNull(d.path("pfpUrl").asText(null))))));
            }
            case "updateContact" -> updateContact(content);
            case "deleteFriend" -> {
                String node = content.path("userId").asText();
                yield call.apply(codec.call("contact", "deleteFriend").put("nodeId", node))
                        .thenApply(d -> social.result(social.object().put("userId", node)));
            }
            case "getFriendRequests" -> call.apply(codec.call("contact", "getApplyList")).thenApply(d -> {
                ObjectNode result = social.object();
                ArrayNode requests = result.putArray("requests");
                d.forEach(r -> requests.addObject().put("userId", r.path("nodeId").asText(null))
                        .put("userName", r.path("nickname").asText(null)).put("message", r.path("applyRemark").asText(null))
                        .put("requestId", r.path("applyId").asText(null)));
                return social.result(result);
            });
            case "acceptFriendRequest" -> {
                String node = content.path("userId").asText();
                yield call.apply(codec.call("contact", "agreeApplySync").put("nodeId", node).put("remark", ""))
                        .thenApply(d -> social.result(social.object().put("userId", node)));
            }
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

    /**
     * Display name ({@code contact.updateRemake}), block ({@code contact.onBlack} / {@code contact.deleteBlack}) and
     * notifications ({@code sync.updateWithDisturb}, a toggle: the contact's {@code c_is_disturb} is read first).
     */
    private CompletableFuture<RobotEvent> updateContact(JsonNode content) {
        String node = content.path("userId").asText();
        ObjectNode changes = social.object();
        List<Supplier<CompletableFuture<JsonNode>>> steps = new ArrayList<>();
        if (content.hasNonNull("displayName")) {
            changes.set("displayName", content.get("displayName"));
            steps.add(() -> call.apply(codec.call("contact", "updateRemake").put("nodeId", node)
                    .put("remake", content.get("displayName").asText()).put("isUpdateP2p", true)));
        }
        if (content.hasNonNull("block")) {
            boolean block = content.get("block").asBoolean();
            changes.put("block", block);
            steps.add(() -> call.apply(codec.call("contact", block ? "onBlack" : "deleteBlack").put("nodeId", node)));
        }
        if (content.hasNonNull("notifications")) {
            boolean wanted = content.get("notifications").asBoolean();
            changes.put("notifications", wanted);
            steps.add(() -> call.apply(codec.call("contact", "getContactByNoId").put("nodeId", node)).thenCompose(c -> {
                boolean muted = c.path("c_is_disturb").asInt(0) == 1;
                return muted == !wanted ? CompletableFuture.completedFuture(c)
                        : call.apply(codec.call("sync", "updateWithDisturb").put("cId", c.path("c_id").asText(node)));
            }));
        }
        if (steps.isEmpty()) {
            return CompletableFuture.failedFuture(new EngineError("updateContact names no setting IM_HTTP can change"));
        }
        ObjectNode result = social.object().put("userId", node);
        result.set("changes", changes);
        return sequence(steps).thenApply(x -> social.result(result));
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

    /** The group the driver asked about ({@code id}), with its members from {@code groupItems}. */
    private ObjectNode groupWithMembers(JsonNode d, String id) {
        List<ObjectNode> members = new ArrayList<>();
        String owner = null;
        for (JsonNode item : d.path("groupItems")) {
            members.add(social.member(item.path("u_nd_add").asText(), item.path("created_time").asLong()));
            if (item.path("g_is_owner").asInt() == 1) {
                owner = item.path("u_nd_add").asText();
            }
        }
        ObjectNode g = group(d.path("groupData"), owner, members);
        g.put("groupId", id);
        return g;
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
