package io.switchboard.callback.driver.line;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.callback.command.CommandContent;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.link.CommandResults.RobotEvent;
import io.switchboard.callback.link.RobotInbound;
import io.switchboard.common.event.EventTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * The friend and group results (cmds 10001–10006, 10008, 10010): each finishes its command once and publishes the
 * normalised robot event of docs/SOCIAL.md. Checks, in order: the body and its RetBody (400, {@link LineRetBody}),
 * the command is this device's and of the action's operation (404/403/400, {@link CommandLookup}), its robot is the
 * device's merchant's (403); then {@code Ret} ≠ 0 or {@code success:false} fails the command with {@code RetMsg}.
 * Runs in LineIngress' transaction with the dedup record, so a refused or repeated result changes nothing.
 */
@ApplicationScoped
public class SocialResults {
    /** Callback action → the operation of the command it answers. */
    static final Map<String, String> OPERATIONS = Map.of("AddFriend", "addFriend", "GetFriendList", "getFriendList",
            "CreateGroup", "createGroup", "GetGroupInfo", "getGroupInfo", "InviteFriendsToGroup",
            "inviteFriendsToGroup", "QuitGroup", "quitGroup", "GetGroupList", "getGroupList", "SyncContacts",
            "syncContacts");

    @Inject
    CommandLookup lookup;
    @Inject
    RobotInbound inbound;
    @Inject
    CommandContent content;

    public LineReply result(LineRequest r) {
        String action = r.action();
        LineRetBody.Parsed p = LineRetBody.parse(action, r.body());
        CommandRecord c = lookup.command(r, p.outcome().serialNo(), true);
        lookup.requireOperation(c, OPERATIONS.get(action));
        inbound.requireOwnRobot(r.merchantId(), c.robotSerialNo);
        if (p.outcome().failed()) {
            inbound.failed(c, p.outcome().reason(action), p.outcome().failureResult(), null);
            return LineReply.ok("");
        }
        ObjectNode data = inbound.data();
        ObjectNode result = inbound.data(); // the command's result (getTask): a summary, not a 5,000-friend list
        String type = switch (action) {
            case "AddFriend" -> {
                String phone = content.of(c).path("phone").asText(null);
                ObjectNode contact = one(p.contacts(), action).toJson().put("phone", phone);
                data.set("contact", contact);
                data.put("phone", phone);
                result.put("userId", contact.path("userId").asText());
                yield EventTypes.CONTACT_ADDED;
            }
            case "GetFriendList" -> {
                data.put("complete", true);
                ArrayNode a = data.putArray("contacts");
                p.contacts().forEach(x -> a.add(x.toJson()));
                result.put("contacts", a.size());
                yield EventTypes.CONTACTS_LISTED;
            }
            case "SyncContacts" -> {
                ArrayNode a = data.putArray("contacts");
                p.contacts().forEach(x -> a.add(x.toJson().put("abperson", x.abperson())));
                result.put("contacts", a.size());
                yield EventTypes.CONTACTS_SYNCED;
            }
            case "CreateGroup" -> {
                ObjectNode group = one(p.groups(), action).toJson();
                data.set("group", group);
                result.put("groupId", group.path("groupId").asText());
                yield EventTypes.GROUP_CREATED;
            }
            case "GetGroupInfo", "GetGroupList" -> {
                if (action.equals("GetGroupList")) {
                    data.put("complete", true);
                }
                ArrayNode a = data.putArray("groups");
                p.groups().forEach(g -> a.add(g.toJson()));
                result.put("groups", a.size());
                yield action.equals("GetGroupList") ? EventTypes.GROUPS_LISTED : EventTypes.GROUP_INFO;
            }
            case "InviteFriendsToGroup" -> {
                // The seed's result carries no data: the group and the invitees are the command's own.
                JsonNode asked = content.of(c);
                data.put("groupId", asked.path("groupId").asText(null));
                data.set("userIds", asked.path("userIds").isArray() ? asked.get("userIds") : data.arrayNode());
                result.setAll(data);
                yield EventTypes.GROUP_INVITED;
            }
            case "QuitGroup" -> {
                data.put("groupId", content.of(c).path("groupId").asText(null));
                result.setAll(data);
                yield EventTypes.GROUP_QUIT;
            }
            default -> throw new IllegalStateException("no result handler for " + action);
        };
        inbound.succeeded(c, result, new RobotEvent(type, data));
        return LineReply.ok("");
    }

    /** AddFriend and CreateGroup list exactly one contact or group ({@link LineRetBody#parse} checks it). */
    private static <T> T one(List<T> items, String action) {
        return items.get(0);
    }
}
