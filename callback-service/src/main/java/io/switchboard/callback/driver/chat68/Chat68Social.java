package io.switchboard.callback.driver.chat68;

import static io.switchboard.callback.driver.engine.Social.sequence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.callback.driver.engine.EngineError;
import io.switchboard.callback.driver.engine.Social;
import io.switchboard.callback.link.CommandResults.RobotEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Friends and groups on a 68chat engine (seed 004; docs/PROTOCOLS.md, docs/SOCIAL.md): {@code request} frames that
 * proxy webbiz URLs and {@code getGroups}. 68chat has no add-friend, create, invite or quit in the seed: those are
 * refused before a command exists (40011).
 */
final class Chat68Social {
    /** Members are asked for in pages of this size (seed: {@code pageSize 1000}). */
    static final int MEMBERS_PER_PAGE = 1000;

    /** Sends one request or frame and answers its reply's {@code data}. */
    interface Ask {
        default CompletableFuture<JsonNode> request(String requestType, String path, JsonNode data) {
            return request(requestType, null, path, data);
        }

        CompletableFuture<JsonNode> request(String requestType, String protoType, String path, JsonNode data);

        CompletableFuture<JsonNode> frame(String type, JsonNode data);
    }

    private final Social social;
    private final Ask ask;

    Chat68Social(Social social, Ask ask) {
        this.social = social;
        this.ask = ask;
    }

    CompletableFuture<RobotEvent> plan(String operation, JsonNode content) {
        return switch (operation) {
            case "getFriendList" -> ask.request("ContactsList", "/contacts/contactsList", obj()).thenApply(d -> {
                List<ObjectNode> contacts = new ArrayList<>();
                d.path("contactsList").forEach(c -> contacts.add(contact(c.path("userInfo"))));
                return social.contactsListed(contacts);
            });
            case "getGroupInfo" -> groupInfo(Social.strings(content.path("groupIds")));
            case "getGroupList" -> ask.frame("getGroups", null).thenApply(d -> {
                List<ObjectNode> groups = new ArrayList<>();
                d.forEach(g -> groups.add(social.group(g.path("id").asText(), g.path("name").asText(null),
                        g.path("hostId").asText(null), null, g.path("groupNotice").path("notice").asText(null),
                        g.path("memberCount").isNumber() ? g.path("memberCount").asInt() : null, null)));
                return social.groupsListed(groups);
            });
            case "updateGroup" -> updateGroup(content);
            case "getContactInfo" -> {
                List<Supplier<CompletableFuture<ObjectNode>>> steps = new ArrayList<>();
                for (String id : Social.strings(content.path("userIds"))) {
                    steps.add(() -> ask.request("ContactsDetail", "/contacts/contactsDetail",
                            obj().put("targetUid", number(id))).thenApply(d ->
                            contact(d.path("contactsDetailBase").path("userInfo"))));
                }
                yield sequence(steps).thenApply(social::contactsResult);
            }
            case "getFriendRequests" -> ask.request("ContactsApplyList", "/contacts/contactsApplyList", null)
                    .thenApply(d -> {
                        ObjectNode result = obj();
                        var requests = result.putArray("requests");
                        d.path("recordList").forEach(r -> requests.addObject()
                                .put("userId", r.path("userInfo").path("uid").asText(null))
                                .put("userName", r.path("userInfo").path("nickName").asText(null))
                                .put("message", r.path("msg").asText(null))
                                .put("requestedAt", r.path("modifyTime").asLong()));
                        return social.result(result);
                    });
            case "getGroupQrCode" -> {
                String groupId = content.path("groupId").asText();
                yield ask.request("GroupDetail", "/group/groupDetail", obj().put("groupId", number(groupId)))
                        .thenApply(d -> social.result(obj().put("groupId", groupId).put("url", d.path("qrUrl").asText(null))
                                .put("expiresAt", d.path("qrExpire").asLong())));
            }
            default -> CompletableFuture.failedFuture(
                    new EngineError("operation " + operation + " is not implemented by the CHAT68_WS driver yet"));
        };
    }

    /** GroupDetail, then GroupMemberList, for each group. */
    private CompletableFuture<RobotEvent> groupInfo(List<String> ids) {
        List<Supplier<CompletableFuture<ObjectNode>>> steps = new ArrayList<>();
        for (String id : ids) {
            steps.add(() -> ask.request("GroupDetail", "/group/groupDetail", obj().put("groupId", number(id)))
                    .thenCompose(detail -> ask.request("GroupMemberList", "group", "/group/groupMemberListV2",
                                    obj().put("groupId", number(id)).put("pageSize", MEMBERS_PER_PAGE).put("pageNum", 1))
                            .thenApply(list -> {
                                JsonNode g = detail.path("group");
                                List<ObjectNode> members = new ArrayList<>();
                                list.path("members").forEach(m -> members.add(social.member(
                                        m.path("user").path("uid").asText(), null)));
                                return social.group(g.path("groupId").asText(id), g.path("name").asText(null),
                                        g.path("hostId").asText(null), longOrNull(g.path("createTime")),
                                        detail.path("groupNotice").path("notice").asText(null),
                                        g.path("memberCount").asText(null) == null ? null : g.path("memberCount").asInt(),
                                        members);
                            })));
        }
        return sequence(steps).thenApply(social::groupInfo);
    }

    /** Seed 004: a notice is GroupUpdate op 12 then a chatType 8 message; mute all op 11 then chatType 50. */
    private CompletableFuture<RobotEvent> updateGroup(JsonNode content) {
        String groupId = content.path("groupId").asText();
        ObjectNode changes = social.json().createObjectNode();
        List<Supplier<CompletableFuture<JsonNode>>> steps = new ArrayList<>();
        if (content.hasNonNull("notice")) {
            String notice = content.get("notice").asText();
            changes.put("notice", notice);
            steps.add(() -> ask.request("GroupUpdate", "/group/groupUpdate", op(12, obj().put("notice", notice)
                    .put("bfAll", true).put("groupId", number(groupId)))));
            steps.add(() -> ask.frame("sendMsg", groupText(groupId, 8, notice, "bfAll", true)));
        }
        if (content.hasNonNull("muteAll")) {
            boolean mute = content.get("muteAll").asBoolean();
            changes.put("muteAll", mute);
            steps.add(() -> ask.request("GroupUpdate", "/group/groupUpdate",
                    op(11, obj().put("shutup", mute).put("groupId", number(groupId)))));
            steps.add(() -> ask.frame("sendMsg", groupText(groupId, 50, mute ? "管理员开了全员禁言" : "管理员关闭了全员禁言",
                    "bfShutup", mute)));
        }
        if (content.path("muteMember").isObject()) {
            JsonNode m = content.get("muteMember");
            changes.set("muteMember", m);
            steps.add(() -> ask.request("GroupMemberShutup", "/group/groupMemberShutup", obj()
                    .put("targetUid", number(m.path("userId").asText())).put("shutupTime", m.path("seconds").asLong())
                    .put("groupId", number(groupId))));
        }
        if (steps.isEmpty()) {
            return CompletableFuture.failedFuture(new EngineError("updateGroup names no field CHAT68_WS can change"));
        }
        return sequence(steps).thenApply(x -> social.groupUpdated(groupId, changes));
    }

    private ObjectNode op(int op, ObjectNode groupParam) {
        ObjectNode d = obj().put("op", op);
        d.set("groupParam", groupParam);
        return d;
    }

    private ObjectNode groupText(String groupId, int chatType, String content, String flag, boolean value) {
        ObjectNode d = obj().put("id", number(groupId)).put("type", "group");
        d.putArray("list").addObject().put("type", "text").putObject("values").put("chatType", chatType)
                .put("content", content).put(flag, value);
        return d;
    }

    private ObjectNode contact(JsonNode user) {
        return social.contact(user.path("uid").asText(null), user.path("nickName").asText(null), null,
                user.path("icon").asText(null));
    }

    private ObjectNode obj() {
        return social.json().createObjectNode();
    }

    private static long number(String id) {
        return Chat68Codec.number(id);
    }

    private static Long longOrNull(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asLong();
    }
}
