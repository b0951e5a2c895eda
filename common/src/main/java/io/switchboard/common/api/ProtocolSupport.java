package io.switchboard.common.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which unified operation each robot protocol can carry out, and with which engine commands: the three
 * machine-checked tables of docs/PROTOCOLS.md (operations, message types, variants), as data. ProtocolSupportTest
 * parses that page and fails when a cell here differs, so change both together.
 *
 * <p>An operation a robot's protocol lacks is refused with {@link ErrorCode#UNSUPPORTED_BY_PROTOCOL} (400/40011)
 * before anything is stored, never accepted and dropped. Protocols and operations are the Open API's strings, so
 * every service can ask without sharing an enum; an unknown protocol or operation is simply not supported.
 */
public final class ProtocolSupport {
    /** The protocols, in the order of the tables' columns. */
    public static final List<String> PROTOCOLS = List.of("LINE_DEVICE", "LINE_WS", "CHAT68_WS", "IM_HTTP");

    /** The Open API message types: index = {@code msg_type}, value = its word (DESIGN §2, §4). */
    public static final List<String> MESSAGE_TYPES =
            List.of("text", "image", "video", "audio", "file", "location", "contact");

    /** A cell for a protocol that lacks the operation. */
    static final String NO = "\u2014";

    // Cells name the engine commands (docs/PROTOCOLS.md "Support matrix" explains the notation).
    private static final Map<String, List<String>> OPERATIONS = table(
            row("login",
                    "cmd 10000",
                    "Login + GetProfile / LoginWithToken + GetProfile",
                    "getApiUrl + request UserInfo",
                    "login.init + login.exportLogin + socketEvent.addReceive + socketEvent.addContactEventHandler + socketEvent.addGroupEventHandler + user.getUserSingleInfo"),
            row("logout", "cmd 10009", "(close the WebSocket)", "(close the WebSocket)", "login.exportLogout"),
            row("submitPhoneCode", "/robot/get-phone-code step:get", NO, NO, NO),
            row("addFriend",
                    "cmd 10001",
                    "SearchContactByPhones + SearchAndAddContactsByMid / SearchAndAddContactsByMid",
                    NO,
                    "contact.addFriend"),
            row("getFriendList",
                    "cmd 10002",
                    "GetAllContactIds + GetContacts",
                    "request ContactsList",
                    "contact.getContacts"),
            row("syncContacts", "cmd 10010", "SearchContactByPhones + SearchAndAddContactsByMid", NO, NO),
            row("getContactInfo",
                    NO,
                    "GetContacts",
                    "request ContactsDetail",
                    "contact.getContactByNoId / contact.getUserInfo"),
            row("searchContact",
                    NO,
                    "SearchContactByUserid / SearchContactByPhones / SearchContactByUrl",
                    NO,
                    "contact.getUserInfo"),
            row("updateContact",
                    NO,
                    "UpdateContactName / MarkContact / BlockContact / EnableContactNotification",
                    NO,
                    "contact.updateRemake / contact.onBlack / contact.deleteBlack / sync.updateWithDisturb"),
            row("deleteFriend", NO, NO, NO, "contact.deleteFriend"),
            row("getFriendRequests", NO, NO, "request ContactsApplyList", "contact.getApplyList"),
            row("acceptFriendRequest", NO, NO, NO, "contact.agreeApplySync"),
            row("createGroup", "cmd 10003", "CreateGroup", NO, "group.createGroup"),
            row("getGroupInfo",
                    "cmd 10004",
                    "SearchGroupById",
                    "request GroupDetail + request GroupMemberList",
                    "group.getGroupAllInfo"),
            row("getGroupList", "cmd 10008", "GetJoinedGroupIds + SearchGroupById", "getGroups", "group.getAllGroups"),
            row("inviteFriendsToGroup", "cmd 10005", "InviteIntoGroup", NO, "sync.addGroupMemberWith"),
            row("quitGroup", "cmd 10006", "LeaveGroup", NO, "group.quiteGroup"),
            row("updateGroup",
                    NO,
                    "UpdateGroupName / UpdateGroupPicture / EnableJoinByUrl / EnableGroupNotification",
                    "request GroupUpdate op:12 + sendMsg chatType:8 / request GroupUpdate op:11 + sendMsg chatType:50 / request GroupMemberShutup",
                    "sync.updateGroupInfo type:5 / sync.updateGroupInfo type:9 / sync.updateGroupInfo type:6 / sync.changeGroupConfig types:12 / sync.changeGroupConfig types:11 / sync.updateGroupWithDisturb / sync.updateGroupWithNickName"),
            row("removeGroupMember", NO, NO, NO, "sync.removeGroupMemberWith"),
            row("dissolveGroup", NO, NO, NO, "group.dissolveGroup"),
            row("setGroupAdmin", NO, NO, NO, "sync.updateGroupWithAdmins"),
            row("transferGroupOwner", NO, NO, NO, "sync.transferGroupWithGid"),
            row("acceptGroupInvitation", NO, "AcceptGroupInvitation", NO, NO),
            row("rejectGroupInvitation", NO, "RejectGroupInvitation", NO, NO),
            row("joinGroupByUrl", NO, "JoinGroupByUrl", NO, NO),
            row("getGroupQrCode", NO, "GetGroupQrcode", "request GroupDetail", NO),
            row("searchGroup", NO, "SearchGroupByUrl / SearchGroupById", NO, NO),
            row("sendMessage",
                    "cmd 10007",
                    "SendText / SendImage / SendVideo / SendAudio / SendFile / SendLocation / SendContact",
                    "sendMsg / sendFile",
                    "chat.sendTextMessage / chat.sendImageMessage / chat.sendVideoMessage / chat.sendAudioMessage / chat.sendFileMessage / chat.sendCardMessage"),
            row("sendGroupMessage",
                    "cmd 10007",
                    "SendText / SendImage / SendVideo / SendAudio / SendFile / SendLocation / SendContact",
                    "sendMsg / sendFile",
                    "chat.sendTextMessage / chat.sendImageMessage / chat.sendVideoMessage / chat.sendAudioMessage / chat.sendFileMessage / chat.sendCardMessage"),
            row("recallMessage", NO, NO, NO, "chat.recallMessageById"),
            row("getRobotProfile", NO, "GetProfile", "request UserInfo", "user.getUserSingleInfo"),
            row("updateRobotProfile",
                    NO,
                    "SetNickName / SetSignature / UpdateProfilePicture / SetMyUserid / SetBirthday",
                    NO,
                    "user.updateUserSingleInfo"),
            row("getRobotSettings", NO, "GetSettings", NO, NO),
            row("updateRobotSettings", NO, "EnableSearchByUserId / EnableSecondaryLogin", NO, NO),
            row("getRobotQrCode", NO, "GetQrCode", NO, NO));

    // Keyed "<msg_type> <word>", as the page's first column.
    private static final Map<String, List<String>> MESSAGE_TYPE_CELLS = table(
            row("0 text", "cmd 10007", "SendText", "sendMsg", "chat.sendTextMessage"),
            row("1 image", "cmd 10007", "SendImage", "sendFile", "chat.sendImageMessage"),
            row("2 video", "cmd 10007", "SendVideo", "sendFile", "chat.sendVideoMessage"),
            row("3 audio", "cmd 10007", "SendAudio", "sendFile", "chat.sendAudioMessage"),
            row("4 file", "cmd 10007", "SendFile", "sendFile", "chat.sendFileMessage"),
            row("5 location", "cmd 10007", "SendLocation", NO, NO),
            row("6 contact", "cmd 10007", "SendContact", NO, "chat.sendCardMessage"));

    // Keyed "<operation>.<variant>".
    private static final Map<String, List<String>> VARIANTS = table(
            row("addFriend.phone", "cmd 10001", "SearchContactByPhones + SearchAndAddContactsByMid", NO, NO),
            row("addFriend.userId", NO, "SearchAndAddContactsByMid", NO, "contact.addFriend"),
            row("searchContact.userId", NO, "SearchContactByUserid", NO, "contact.getUserInfo"),
            row("searchContact.phone", NO, "SearchContactByPhones", NO, NO),
            row("searchContact.url", NO, "SearchContactByUrl", NO, NO),
            row("updateContact.displayName", NO, "UpdateContactName", NO, "contact.updateRemake"),
            row("updateContact.star", NO, "MarkContact", NO, NO),
            row("updateContact.block", NO, "BlockContact", NO, "contact.onBlack / contact.deleteBlack"),
            row("updateContact.notifications", NO, "EnableContactNotification", NO, "sync.updateWithDisturb"),
            row("updateGroup.name", NO, "UpdateGroupName", NO, "sync.updateGroupInfo type:5"),
            row("updateGroup.notice",
                    NO,
                    NO,
                    "request GroupUpdate op:12 + sendMsg chatType:8",
                    "sync.updateGroupInfo type:9"),
            row("updateGroup.picture", NO, "UpdateGroupPicture", NO, "sync.updateGroupInfo type:6"),
            row("updateGroup.muteAll",
                    NO,
                    NO,
                    "request GroupUpdate op:11 + sendMsg chatType:50",
                    "sync.changeGroupConfig types:12"),
            row("updateGroup.muteMember", NO, NO, "request GroupMemberShutup", NO),
            row("updateGroup.joinByUrl", NO, "EnableJoinByUrl", NO, "sync.changeGroupConfig types:11"),
            row("updateGroup.notifications", NO, "EnableGroupNotification", NO, "sync.updateGroupWithDisturb"),
            row("updateGroup.robotNickname", NO, NO, NO, "sync.updateGroupWithNickName"),
            row("searchGroup.url", NO, "SearchGroupByUrl", NO, NO),
            row("searchGroup.id", NO, "SearchGroupById", NO, NO),
            row("updateRobotProfile.nickname", NO, "SetNickName", NO, "user.updateUserSingleInfo"),
            row("updateRobotProfile.signature", NO, "SetSignature", NO, NO),
            row("updateRobotProfile.picture", NO, "UpdateProfilePicture", NO, "user.updateUserSingleInfo"),
            row("updateRobotProfile.userId", NO, "SetMyUserid", NO, NO),
            row("updateRobotProfile.birthday", NO, "SetBirthday", NO, NO),
            row("updateRobotSettings.searchByUserId", NO, "EnableSearchByUserId", NO, NO),
            row("updateRobotSettings.secondaryLogin", NO, "EnableSecondaryLogin", NO, NO));

    private ProtocolSupport() {}

    /** Whether a robot of {@code protocol} can carry out {@code operation}. */
    public static boolean supports(String protocol, String operation) {
        return supported(OPERATIONS, operation, protocol);
    }

    /** Every operation {@code protocol} carries out, in the table's order; empty for an unknown protocol. */
    public static Set<String> operations(String protocol) {
        Set<String> result = new LinkedHashSet<>();
        OPERATIONS.keySet().stream().filter(op -> supports(protocol, op)).forEach(result::add);
        return Collections.unmodifiableSet(result);
    }

    /** Refuses an operation the protocol lacks with 400/40011. */
    public static void require(String protocol, String operation) {
        if (!supports(protocol, operation)) {
            throw unsupported(operation, protocol);
        }
    }

    /** Whether the protocol supports one variant of an operation (a field of updateGroup, a search mode, ...). */
    public static boolean supports(String protocol, String operation, String variant) {
        return supported(VARIANTS, operation + "." + variant, protocol);
    }

    /** Refuses a variant the protocol lacks with 400/40011. */
    public static void require(String protocol, String operation, String variant) {
        if (!supports(protocol, operation, variant)) {
            throw unsupported(operation + "." + variant, protocol);
        }
    }

    /** Whether the protocol can send Open API message type {@code msgType} (0 text ... 6 contact card). */
    public static boolean supportsMessageType(String protocol, int msgType) {
        return msgType >= 0 && msgType < MESSAGE_TYPES.size()
                && supported(MESSAGE_TYPE_CELLS, msgType + " " + MESSAGE_TYPES.get(msgType), protocol);
    }

    /**
     * Refuses a message type the protocol cannot send (400/40011); a number outside 0–6 is bad input (400/40001).
     * {@code operation} is sendMessage or sendGroupMessage and only names the call in the message.
     */
    public static void requireMessageType(String protocol, String operation, int msgType) {
        if (msgType < 0 || msgType >= MESSAGE_TYPES.size()) {
            throw ApiException.invalid("msg_type must be between 0 and " + (MESSAGE_TYPES.size() - 1));
        }
        if (!supportsMessageType(protocol, msgType)) {
            throw unsupported(operation + " msg_type " + msgType + " (" + MESSAGE_TYPES.get(msgType) + ")", protocol);
        }
    }

    /** The matrix cell: the engine commands the protocol's driver uses for the operation, if it has any. */
    public static Optional<String> commands(String protocol, String operation) {
        return supports(protocol, operation) ? Optional.of(cell(OPERATIONS, operation, protocol)) : Optional.empty();
    }

    static Map<String, List<String>> operationTable() { return OPERATIONS; }

    static Map<String, List<String>> messageTypeTable() { return MESSAGE_TYPE_CELLS; }

    static Map<String, List<String>> variantTable() { return VARIANTS; }

    private static ApiException unsupported(String what, String protocol) {
        return new ApiException(ErrorCode.UNSUPPORTED_BY_PROTOCOL,
                what + " is not supported by protocol " + protocol + " (docs/PROTOCOLS.md)");
    }

    private static boolean supported(Map<String, List<String>> table, String key, String protocol) {
        String cell = cell(table, key, protocol);
        return cell != null && !NO.equals(cell);
    }

    private static String cell(Map<String, List<String>> table, String key, String protocol) {
        List<String> row = key == null ? null : table.get(key);
        // List.of(...).indexOf(null) throws, hence the explicit null check.
        int column = protocol == null ? -1 : PROTOCOLS.indexOf(protocol);
        return row == null || column < 0 ? null : row.get(column);
    }

    @SafeVarargs
    private static Map<String, List<String>> table(Map.Entry<String, List<String>>... rows) {
        Map<String, List<String>> table = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> row : rows) {
            if (table.put(row.getKey(), row.getValue()) != null) {
                throw new IllegalStateException("duplicate row " + row.getKey());
            }
        }
        return Collections.unmodifiableMap(table);
    }

    private static Map.Entry<String, List<String>> row(String key, String lineDevice, String lineWs, String chat68Ws,
            String imHttp) {
        return Map.entry(key, List.of(lineDevice, lineWs, chat68Ws, imHttp));
    }
}
