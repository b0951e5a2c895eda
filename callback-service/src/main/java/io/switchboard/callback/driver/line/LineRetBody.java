package io.switchboard.callback.driver.line;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Codec of the friend, group and message results (seed 000 cmds 10001–10008, 10010): the wrapper
 * {@code {serial_no, success, message, data, dc_data{funName, Ret, RetMsg, RetBody}}} and the Thrift-style
 * {@code RetBody} inside it, turned into the clean contact and group records of docs/SOCIAL.md. The device library
 * prints Thrift structs as JSON: an {@code __isset} map beside the fields, unnamed fields as {@code UnNN}, and keys
 * whose case differs between samples ({@code Parm}/{@code parm}); so keys are matched ignoring case, {@code __*}
 * keys are never data, and a field that {@code __isset} marks {@code false} is read as absent. Every shape check is
 * here: a result that does not fit is refused (400) before anything changes. docs/LINE_DEVICE.md has the mapping.
 */
public final class LineRetBody {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private LineRetBody() {}

    /** The wrapper of a result callback. {@code success} is true when absent. */
    public record Outcome(String serialNo, boolean success, String message, Integer ret, String retMsg,
                          String funName) {

        /** {@code Ret} ≠ 0 or {@code success:false}: the command failed. */
        public boolean failed() {
            return !success || (ret != null && ret != 0);
        }

        /** Why it failed: {@code RetMsg} (seed), else {@code message}, else a sentence naming Ret. */
        public String reason(String action) {
            if (retMsg != null && !retMsg.isBlank() && ret != null && ret != 0) {
                return retMsg;
            }
            if (message != null && !message.isBlank()) {
                return message;
            }
            if (retMsg != null && !retMsg.isBlank()) {
                return retMsg;
            }
            return action + " failed" + (ret == null ? "" : " (Ret " + ret + ")");
        }

        /** A failed command's result (getTask): {@code {dcRet, dcRetMsg, funName}}. */
        public ObjectNode failureResult() {
            return NODES.objectNode().put("dcRet", ret).put("dcRetMsg", retMsg).put("funName", funName);
        }
    }

    /** docs/SOCIAL.md contact, plus {@code abperson} for a syncContacts result (null elsewhere). */
    public record Contact(String userId, String userName, String phone, String avatarUrl, String previewParm,
                          Long un2, Integer un11, String relation, String abperson) {

        public ObjectNode toJson() {
            ObjectNode n = NODES.objectNode().put("userId", userId).put("userName", userName).put("phone", phone)
                    .put("avatarUrl", avatarUrl).put("previewParm", previewParm).put("un2", un2).put("un11", un11)
                    .put("relation", relation);
            if (abperson != null) {
                n.put("abperson", abperson);
            }
            return n;
        }
    }

    public record Member(String userId, long joinTime) {}

    /** docs/SOCIAL.md group. */
    public record Group(String groupId, String groupName, String groupKey, Long groupTagB, String ownerUserId,
                        Long ownerTagB, Long createTime, String strData, String notice, int memberCount,
                        List<Member> members) {

        public ObjectNode toJson() {
            ObjectNode n = NODES.objectNode().put("groupId", groupId).put("groupName", groupName)
                    .put("groupKey", groupKey).put("groupTagB", groupTagB).put("ownerUserId", ownerUserId)
                    .put("ownerTagB", ownerTagB).put("createTime", createTime).put("strData", strData)
                    .put("notice", notice).put("memberCount", memberCount);
            if (members == null) {
                n.putNull("members");
            } else {
                ArrayNode a = n.putArray("members");
                members.forEach(m -> a.addObject().put("userId", m.userId()).put("joinTime", m.joinTime()));
            }
            return n;
        }
    }

    /**
     * A SendMessage result's {@code data} (cmd 10007): {@code msg_num}, the device's {@code queueCount}, and for a
     * group the {@code group_info} the device used (in the command's camelCase keys: {@code groupId, groupKey,
     * groupTagB, ownerUserId, ownerTagB}); each null when absent.
     */
    public record Sent(Integer msgNum, Integer queueCount, ObjectNode groupInfo) {

        public ObjectNode toJson() {
            ObjectNode n = NODES.objectNode().put("msgNum", msgNum).put("queueCount", queueCount);
            n.set("groupInfo", groupInfo == null ? NODES.nullNode() : groupInfo);
            return n;
        }
    }

    /**
     * What a result callback says: the outcome, and (on success) the contacts or groups its RetBody lists, or what a
     * SendMessage result reports.
     */
    public record Parsed(Outcome outcome, List<Contact> contacts, List<Group> groups, Sent sent) {

        /** The parse as JSON (the fixtures' expected files have this shape). */
        public ObjectNode toJson() {
            ObjectNode n = NODES.objectNode().put("serialNo", outcome.serialNo()).put("success", outcome.success())
                    .put("message", outcome.message()).put("ret", outcome.ret()).put("retMsg", outcome.retMsg())
                    .put("funName", outcome.funName()).put("failed", outcome.failed());
            if (contacts != null) {
                ArrayNode a = n.putArray("contacts");
                contacts.forEach(c -> a.add(c.toJson()));
            }
            if (groups != null) {
                ArrayNode a = n.putArray("groups");
                groups.forEach(g -> a.add(g.toJson()));
            }
            if (sent != null) {
                n.set("sent", sent.toJson());
            }
            return n;
        }
    }

    /** Which RetBody shape each result action carries. */
    enum Shape { CONTACTS, SYNCED, CHATS, NONE, SENT }

    static Shape shape(String action) {
        return switch (action) {
            case "AddFriend", "GetFriendList" -> Shape.CONTACTS;
            case "SyncContacts" -> Shape.SYNCED;
            case "CreateGroup", "GetGroupInfo", "GetGroupList" -> Shape.CHATS;
            case "InviteFriendsToGroup", "QuitGroup" -> Shape.NONE;
            case "SendMessage" -> Shape.SENT;
            default -> throw new IllegalArgumentException("no result codec for " + action);
        };
    }

    /**
     * Parses a result callback of {@code action}. A failure's RetBody is not read (beyond being JSON); a success
     * must carry the action's RetBody, except InviteFriendsToGroup and QuitGroup, whose seed results have none, and
     * SendMessage, whose result is its {@code data} (the seed's RetBody is "").
     */
    public static Parsed parse(String action, JsonNode body) {
        Shape shape = shape(action);
        Outcome o = outcome(body);
        LineCallbacks.DcData dc = LineCallbacks.dcData(body);
        if (o.failed() || shape == Shape.NONE) {
            return new Parsed(o, null, null, null);
        }
        if (shape == Shape.SENT) {
            return new Parsed(o, null, null, sent(body.get("data")));
        }
        JsonNode retBody = dc == null ? null : dc.retBody();
        if (retBody == null || !retBody.isObject()) {
            throw new LineMalformed("dc_data.RetBody is required: a " + action + " result lists what it did");
        }
        JsonNode parm = require(retBody, "Parm", "dc_data.RetBody");
        Parsed p = switch (shape) {
            case CONTACTS -> new Parsed(o, contacts(parm), null, null);
            case SYNCED -> new Parsed(o, synced(parm), null, null);
            case CHATS -> new Parsed(o, null, groups(parm, body.get("data")), null);
            default -> throw new IllegalStateException();
        };
        // AddFriend and CreateGroup answer for the one contact or group they made.
        if (action.equals("AddFriend") && p.contacts().size() != 1) {
            throw new LineMalformed("an AddFriend result must list exactly one contact in RetBody.Parm.ContactsData, not "
                    + p.contacts().size());
        }
        if (action.equals("CreateGroup") && p.groups().size() != 1) {
            throw new LineMalformed("a CreateGroup result must list exactly one group in RetBody.Parm.Chats, not "
                    + p.groups().size());
        }
        return p;
    }

    /** The wrapper: {@code serial_no} required, {@code success} a boolean when present, {@code dc_data} readable. */
    static Outcome outcome(JsonNode body) {
        String serial = text(body, "serial_no", "");
        if (serial == null || serial.isBlank()) {
            throw new LineMalformed("serial_no is required (the serial of the command this result answers)");
        }
        JsonNode success = body.get("success");
        if (success != null && !success.isNull() && !success.isBoolean()) {
            throw new LineMalformed("success must be true or false");
        }
        JsonNode data = body.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            throw new LineMalformed("data must be an object or null");
        }
        LineCallbacks.DcData dc = LineCallbacks.dcData(body);
        return new Outcome(serial, success == null || success.isNull() || success.asBoolean(),
                text(body, "message", ""), dc == null ? null : dc.ret(), dc == null ? null : dc.retMsg(),
                dc == null ? null : dc.funName());
    }

    // ------------------------------------------------------------------ messages (10007)

    /** {@code data {group_info?, msg_num?, queueCount?}} (seed 10007 回调); {@code data} itself may be null. */
    static Sent sent(JsonNode data) {
        if (data == null || data.isNull()) {
            return new Sent(null, null, null);
        }
        Integer queueCount = intValue(data, "queueCount", "data");
        if (queueCount != null && queueCount < 0) {
            throw new LineMalformed("data.queueCount must not be negative");
        }
        JsonNode info = data.get("group_info");
        ObjectNode groupInfo = null;
        if (info != null && !info.isNull()) {
            if (!info.isObject()) {
                throw new LineMalformed("data.group_info must be an object or null");
            }
            String groupId = text(info, "group_id", "data.group_info");
            if (groupId == null || groupId.isBlank()) {
                throw new LineMalformed("data.group_info.group_id is required");
            }
            groupInfo = NODES.objectNode().put("groupId", groupId)
                    .put("groupKey", text(info, "group_key", "data.group_info"))
                    .put("groupTagB", longValue(info, "group_tag_b", "data.group_info"))
                    .put("ownerUserId", text(info, "owner_user_id", "data.group_info"))
                    .put("ownerTagB", longValue(info, "owner_tag_b", "data.group_info"));
        }
        return new Sent(intValue(data, "msg_num", "data"), queueCount, groupInfo);
    }

    // ------------------------------------------------------------------ contacts (10001, 10002)

    /** {@code Parm.ContactsData}: {mid: {Un1, Un2, User{UserId, UserName, PreviewParm, Un2, Un11, …}}}. */
    static List<Contact> contacts(JsonNode parm) {
        JsonNode data = require(parm, "ContactsData", "RetBody.Parm");
        if (!data.isObject()) {
            throw new LineMalformed("RetBody.Parm.ContactsData must be an object keyed by user id");
        }
        List<Contact> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : entries(data)) {
            String where = "RetBody.Parm.ContactsData." + e.getKey();
            JsonNode user = requireObject(e.getValue(), "User", where);
            String userId = userId(user, e.getKey(), where + ".User");
            out.add(new Contact(userId, text(user, "UserName", where + ".User"), null, null,
                    blankToNull(text(user, "PreviewParm", where + ".User")), longValue(user, "Un2", where + ".User"),
                    intValue(user, "Un11", where + ".User"), "friend", null));
        }
        return out;
    }

    // ------------------------------------------------------------------ synced contacts (10010)

    /** {@code Parm}: {phone: {UserRegInfo{UserId, UserName, Un2, Un11, …}, Abperson, Un11, PhoneNumber}}. */
    static List<Contact> synced(JsonNode parm) {
        if (!parm.isObject()) {
            throw new LineMalformed("RetBody.Parm must be an object keyed by phone");
        }
        List<Contact> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : entries(parm)) {
            String where = "RetBody.Parm." + e.getKey();
            if (!e.getValue().isObject()) {
                throw new LineMalformed(where + " must be an object");
            }
            JsonNode reg = requireObject(e.getValue(), "UserRegInfo", where);
            String userId = userId(reg, null, where + ".UserRegInfo");
            String phone = text(e.getValue(), "PhoneNumber", where);
            if (phone == null || phone.isBlank()) {
                phone = e.getKey(); // the map is keyed by the phone anyway
            } else if (!phone.equals(e.getKey())) {
                throw new LineMalformed(where + ".PhoneNumber " + phone + " differs from its key");
            }
            Integer un11 = intValue(reg, "Un11", where + ".UserRegInfo");
            out.add(new Contact(userId, text(reg, "UserName", where + ".UserRegInfo"), phone, null,
                    blankToNull(text(reg, "PreviewParm", where + ".UserRegInfo")),
                    longValue(reg, "Un2", where + ".UserRegInfo"),
                    un11 != null ? un11 : intValue(e.getValue(), "Un11", where), "friend",
                    text(e.getValue(), "Abperson", where)));
        }
        return out;
    }

    // ------------------------------------------------------------------ groups (10003, 10004, 10008)

    /**
     * {@code Parm.Chats}: [{GroupId, GroupName, CreateTime, StrData, Data{Parm{OwnerUserId, MemberJoinTime{mid:
     * ms}}}}]. The link info (group_key, group_tag_b, owner_tag_b) is not in the RetBody: it comes in the
     * callback's {@code data.group_info} (seed 10007: "创建群聊的时候返回"), one object or an array, by group_id.
     */
    static List<Group> groups(JsonNode parm, JsonNode data) {
        JsonNode chats = require(parm, "Chats", "RetBody.Parm");
        if (!chats.isArray()) {
            throw new LineMalformed("RetBody.Parm.Chats must be an array");
        }
        Map<String, JsonNode> links = linkInfo(data);
        List<Group> out = new ArrayList<>();
        for (int i = 0; i < chats.size(); i++) {
            String where = "RetBody.Parm.Chats[" + i + "]";
            JsonNode chat = chats.get(i);
            if (!chat.isObject()) {
                throw new LineMalformed(where + " must be an object");
            }
            String groupId = text(chat, "GroupId", where);
            if (groupId == null || groupId.isBlank()) {
                throw new LineMalformed(where + ".GroupId is required");
            }
            JsonNode inner = field(chat, "Data");
            JsonNode p = inner == null || inner.isNull() ? null : field(inner, "Parm");
            if (inner != null && !inner.isNull() && !inner.isObject()) {
                throw new LineMalformed(where + ".Data must be an object");
            }
            if (p != null && !p.isNull() && !p.isObject()) {
                throw new LineMalformed(where + ".Data.Parm must be an object");
            }
            String owner = p == null || p.isNull() ? null : text(p, "OwnerUserId", where + ".Data.Parm");
            List<Member> members = p == null || p.isNull() ? null : members(p, where + ".Data.Parm");
            JsonNode link = links.remove(groupId);
            out.add(new Group(groupId, text(chat, "GroupName", where),
                    link == null ? null : text(link, "group_key", "data.group_info"),
                    link == null ? null : longValue(link, "group_tag_b", "data.group_info"), owner,
                    link == null ? null : longValue(link, "owner_tag_b", "data.group_info"),
                    longValue(chat, "CreateTime", where), blankToNull(text(chat, "StrData", where)), null,
                    members == null ? 0 : members.size(), members));
        }
        if (!links.isEmpty()) {
            throw new LineMalformed("data.group_info names group " + links.keySet().iterator().next()
                    + ", which is not in the result's Chats");
        }
        return out;
    }

    private static List<Member> members(JsonNode p, String where) {
        JsonNode times = field(p, "MemberJoinTime");
        if (times == null || times.isNull()) {
            return null;
        }
        if (!times.isObject()) {
            throw new LineMalformed(where + ".MemberJoinTime must be an object of user id → join time (ms)");
        }
        List<Member> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : entries(times)) {
            if (!e.getValue().isIntegralNumber() || !e.getValue().canConvertToLong()) {
                throw new LineMalformed(where + ".MemberJoinTime." + e.getKey() + " must be epoch milliseconds");
            }
            out.add(new Member(e.getKey(), e.getValue().asLong()));
        }
        return out;
    }

    private static Map<String, JsonNode> linkInfo(JsonNode data) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        JsonNode info = data == null || !data.isObject() ? null : data.get("group_info");
        if (info == null || info.isNull()) {
            return out;
        }
        List<JsonNode> items = new ArrayList<>();
        if (info.isArray()) {
            info.forEach(items::add);
        } else {
            items.add(info);
        }
        for (JsonNode i : items) {
            if (!i.isObject()) {
                throw new LineMalformed("data.group_info must be an object (or an array of objects)");
            }
            String id = text(i, "group_id", "data.group_info");
            if (id == null || id.isBlank()) {
                throw new LineMalformed("data.group_info.group_id is required");
            }
            out.put(id, i);
        }
        return out;
    }

    // ------------------------------------------------------------------ Thrift-style field access

    /** The user id: the struct's {@code UserId}; when the map is keyed by user id, the key must agree. */
    private static String userId(JsonNode struct, String key, String where) {
        String id = text(struct, "UserId", where);
        if (id == null || id.isBlank()) {
            if (key == null) {
                throw new LineMalformed(where + ".UserId is required");
            }
            return key;
        }
        if (key != null && !key.equals(id)) {
            throw new LineMalformed(where + ".UserId " + id + " differs from its key " + key);
        }
        return id;
    }

    /** The data entries of a map: {@code __isset} (and any {@code __…}) is Thrift bookkeeping, not data. */
    private static List<Map.Entry<String, JsonNode>> entries(JsonNode map) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().startsWith("__")) {
                out.add(e);
            }
        }
        return out;
    }

    /** A field by name ignoring case; null when absent, or when the struct's {@code __isset} marks it false. */
    static JsonNode field(JsonNode n, String name) {
        if (n == null || !n.isObject()) {
            return null;
        }
        JsonNode isset = n.get("__isset");
        if (isset != null && isset.isObject()) {
            JsonNode flag = LineCallbacks.field(isset, name);
            if (flag != null && flag.isBoolean() && !flag.asBoolean()) {
                return null;
            }
        }
        return LineCallbacks.field(n, name);
    }

    private static JsonNode require(JsonNode n, String name, String where) {
        JsonNode v = field(n, name);
        if (v == null || v.isNull()) {
            throw new LineMalformed(where + "." + name + " is required");
        }
        return v;
    }

    private static JsonNode requireObject(JsonNode n, String name, String where) {
        JsonNode v = require(n, name, where);
        if (!v.isObject()) {
            throw new LineMalformed(where + "." + name + " must be an object");
        }
        return v;
    }

    private static String text(JsonNode n, String name, String where) {
        JsonNode v = field(n, name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new LineMalformed(at(where, name) + " must be a string");
        }
        return v.asText();
    }

    private static Long longValue(JsonNode n, String name, String where) {
        JsonNode v = field(n, name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isTextual() && v.asText().matches("-?\\d{1,18}")) {
            return Long.parseLong(v.asText());
        }
        throw new LineMalformed(at(where, name) + " must be a whole number");
    }

    private static Integer intValue(JsonNode n, String name, String where) {
        Long v = longValue(n, name, where);
        if (v != null && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
            throw new LineMalformed(at(where, name) + " is out of range");
        }
        return v == null ? null : v.intValue();
    }

    private static String at(String where, String name) {
        return where.isEmpty() ? name : where + "." + name;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
