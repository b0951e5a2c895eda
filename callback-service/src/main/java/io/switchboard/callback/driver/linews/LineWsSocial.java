package io.switchboard.callback.driver.linews;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.callback.driver.engine.EngineError;
import io.switchboard.callback.driver.engine.Social;
import io.switchboard.callback.link.CommandResults.RobotEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import static io.switchboard.callback.driver.engine.Social.sequence;

/**
 * Friends and groups on a LINE WebSocket engine (seed 002; docs/PROTOCOLS.md, docs/SOCIAL.md): each unified
 * operation as the engine commands it takes, one after the other, and the normalised event of its result.
 */
final class LineWsSocial {
    /** GetContacts is asked for at most this many mids at a time. */
    static final int CONTACTS_PER_REQUEST = 200;

    private final Social social;
    private final BiFunction<String, Consumer<ObjectNode>, CompletableFuture<JsonNode>> ask;

    LineWsSocial(Social social, BiFunction<String, Consumer<ObjectNode>, CompletableFuture<JsonNode>> ask) {
        this.social = social;
        this.ask = ask;
    }

    CompletableFuture<RobotEvent> plan(String operation, JsonNode content) {
        String groupId = content.path("groupId").asText(null);
        return switch (operation) {
            case "getFriendList" -> ask.apply("GetAllContactIds", f -> {}).thenCompose(ids -> contacts(ids.path("mids")))
                    .thenApply(social::contactsListed);
            case "addFriend" -> addFriend(content);
            case "syncContacts" -> syncContacts(content.path("phones"));
            case "createGroup" -> ask.apply("CreateGroup", f -> {
                f.put("name", content.path("name").asText());
                f.set("mids", content.path("userIds"));
            }).thenApply(d -> {
                List<ObjectNode> members = new ArrayList<>();
                Social.strings(d.path("mids").isArray() ? d.path("mids") : content.path("userIds"))
                        .forEach(m -> members.add(social.member(m, null)));
                return social.groupCreated(social.group(d.path("group_id").asText(), d.path("name").asText(
                        content.path("name").asText()), null, System.currentTimeMillis(), null, members.size() + 1,
                        members));
            });
            case "getGroupInfo" -> groups(Social.strings(content.path("groupIds"))).thenApply(social::groupInfo);
            case "getGroupList" -> ask.apply("GetJoinedGroupIds", f -> {})
                    .thenCompose(ids -> groups(Social.strings(ids.path("group_ids")))).thenApply(social::groupsListed);
            case "inviteFriendsToGroup" -> ask.apply("InviteIntoGroup", f -> {
                f.put("group_id", groupId);
                f.set("mids", content.path("userIds"));
            }).thenApply(d -> social.groupInvited(groupId, content.path("userIds")));
            case "quitGroup" -> ask.apply("LeaveGroup", f -> f.put("group_id", groupId))
                    .thenApply(d -> social.groupQuit(groupId));
            case "updateGroup" -> updateGroup(groupId, content);
            case "getContactInfo" -> contacts(content.path("userIds")).thenApply(social::contactsResult);
            case "searchContact" -> searchContact(content);
            case "updateContact" -> updateContact(content);
            case "acceptGroupInvitation" -> ask.apply("AcceptGroupInvitation", f -> f.put("group_id", groupId))
                    .thenApply(d -> social.result(social.object().put("groupId", groupId)));
            case "rejectGroupInvitation" -> ask.apply("RejectGroupInvitation", f -> f.put("group_id", groupId))
                    .thenApply(d -> social.result(social.object().put("groupId", groupId)));
            case "joinGroupByUrl" -> ask.apply("JoinGroupByUrl", f -> f.put("group_id", groupId == null ? "" : groupId)
                    .put("url", content.path("url").asText()))
                    .thenApply(d -> social.result(social.object().put("groupId", d.path("group_id").asText(groupId))));
            case "getGroupQrCode" -> ask.apply("GetGroupQrcode", f -> f.put("group_id", groupId))
                    .thenApply(d -> social.result(social.object().put("groupId", groupId).put("url", d.path("url").asText(null))));
            case "searchGroup" -> (content.hasNonNull("url")
                    ? ask.apply("SearchGroupByUrl", f -> f.put("url", content.get("url").asText()))
                    : ask.apply("SearchGroupById", f -> f.put("id", content.path("id").asText())))
                    .thenApply(d -> social.groupsResult(List.of(group(d.path("group"), null))));
            default -> CompletableFuture.failedFuture(
                    new EngineError("operation " + operation + " is not implemented by the LINE_WS driver yet"));
        };
    }

    private CompletableFuture<RobotEvent> addFriend(JsonNode content) {
        String phone = content.path("phone").asText(null);
        CompletableFuture<String> mid = phone == null ? CompletableFuture.completedFuture(content.path("userId").asText())
                : ask.apply("SearchContactByPhones", f -> f.putArray("phones").add(phone)).thenApply(d -> {
                    JsonNode found = d.path("contacts").path(0);
                    if (found.isMissingNode()) {
                        throw new EngineError("no LINE user has the phone number " + phone);
                    }
                    return found.path("mid").asText();
                });
        return mid.thenCompose(m -> ask.apply("SearchAndAddContactsByMid", f -> f.put("mid", m)))
                .thenApply(d -> social.contactAdded(contact(d.path("contact"), phone), phone));
    }

    /** SearchContactByPhones, then SearchAndAddContactsByMid for each found; only the successes are reported. */
    private CompletableFuture<RobotEvent> syncContacts(JsonNode phones) {
        return ask.apply("SearchContactByPhones", f -> f.set("phones", phones)).thenCompose(d -> {
            List<Supplier<CompletableFuture<ObjectNode>>> adds = new ArrayList<>();
            for (JsonNode found : d.path("contacts")) {
                adds.add(() -> ask.apply("SearchAndAddContactsByMid", f -> f.put("mid", found.path("mid").asText()))
                        .handle((added, e) -> e == null ? contact(added.path("contact"), found.path("phone").asText(null))
                                : null)); // a failed add is not a success: left out, as the seed's 10010 does
            }
            return sequence(adds);
        }).thenApply(list -> social.contactsSynced(list.stream().filter(java.util.Objects::nonNull).toList()));
    }

    private CompletableFuture<List<ObjectNode>> contacts(JsonNode mids) {
        List<String> all = Social.strings(mids);
        List<Supplier<CompletableFuture<List<ObjectNode>>>> pages = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CONTACTS_PER_REQUEST) {
            List<String> page = all.subList(from, Math.min(all.size(), from + CONTACTS_PER_REQUEST));
            pages.add(() -> ask.apply("GetContacts", f -> page.forEach(f.putArray("mids")::add)).thenApply(d -> {
                List<ObjectNode> out = new ArrayList<>();
                d.path("contacts").forEach(c -> out.add(contact(c, null)));
                return out;
            }));
        }
        return sequence(pages).thenApply(lists -> lists.stream().flatMap(List::stream).toList());
    }

    private CompletableFuture<List<ObjectNode>> groups(List<String> ids) {
        List<Supplier<CompletableFuture<ObjectNode>>> steps = new ArrayList<>();
        for (String id : ids) {
            steps.add(() -> ask.apply("SearchGroupById", f -> f.put("id", id)).thenApply(d -> group(d.path("group"), id)));
        }
        return sequence(steps);
    }

    /** One command per field (seed 002 has no combined update); the fields LINE_WS lacks were refused before. */
    private CompletableFuture<RobotEvent> updateGroup(String groupId, JsonNode content) {
        ObjectNode changes = social.json().createObjectNode();
        List<Supplier<CompletableFuture<JsonNode>>> steps = new ArrayList<>();
        if (content.hasNonNull("name")) {
            changes.set("name", content.get("name"));
            steps.add(() -> ask.apply("UpdateGroupName", f -> f.put("group_id", groupId).put("name", content.get("name").asText())));
        }
        if (content.hasNonNull("picture")) {
            changes.set("picture", content.get("picture"));
            steps.add(() -> ask.apply("UpdateGroupPicture", f -> f.put("groupId", groupId).put("path", content.get("picture").asText())));
        }
        if (content.hasNonNull("joinByUrl")) {
            changes.set("joinByUrl", content.get("joinByUrl"));
            steps.add(() -> ask.apply("EnableJoinByUrl", f -> f.put("group_id", groupId).put("enable", content.get("joinByUrl").asBoolean())));
        }
        if (content.hasNonNull("notifications")) {
            changes.set("notifications", content.get("notifications"));
            steps.add(() -> ask.apply("EnableGroupNotification", f -> f.put("group_id", groupId).put("enable", content.get("notifications").asBoolean())));
        }
        if (steps.isEmpty()) {
            return CompletableFuture.failedFuture(new EngineError("updateGroup names no field LINE_WS can change"));
        }
        return sequence(steps).thenApply(x -> social.groupUpdated(groupId, changes));
    }

    /** By user id, phone or URL (docs/SOCIAL.md `searchContact` variants). */
    private CompletableFuture<RobotEvent> searchContact(JsonNode content) {
        if (content.hasNonNull("phone")) {
            return ask.apply("SearchContactByPhones", f -> f.putArray("phones").add(content.get("phone").asText()))
                    .thenApply(d -> {
                        List<ObjectNode> found = new ArrayList<>();
                        d.path("contacts").forEach(c -> found.add(contact(c, null)));
                        return social.contactsResult(found);
                    });
        }
        CompletableFuture<JsonNode> one = content.hasNonNull("url")
                ? ask.apply("SearchContactByUrl", f -> f.put("url", content.get("url").asText()))
                : ask.apply("SearchContactByUserid", f -> f.put("user_id", content.path("userId").asText()));
        return one.thenApply(d -> social.contactsResult(d.path("contact").isObject()
                ? List.of(contact(d.path("contact"), null)) : List.of()));
    }

    /** One command per setting: display name, star, block, notifications. */
    private CompletableFuture<RobotEvent> updateContact(JsonNode content) {
        String mid = content.path("userId").asText();
        ObjectNode changes = social.object();
        List<Supplier<CompletableFuture<JsonNode>>> steps = new ArrayList<>();
        if (content.hasNonNull("displayName")) {
            changes.set("displayName", content.get("displayName"));
            steps.add(() -> ask.apply("UpdateContactName", f -> f.put("mid", mid).put("name", content.get("displayName").asText())));
        }
        if (content.hasNonNull("star")) {
            changes.set("star", content.get("star"));
            steps.add(() -> ask.apply("MarkContact", f -> f.put("mid", mid).put("mark", content.get("star").asBoolean())));
        }
        if (content.hasNonNull("block")) {
            changes.set("block", content.get("block"));
            steps.add(() -> ask.apply("BlockContact", f -> f.put("mid", mid).put("block", content.get("block").asBoolean())));
        }
        if (content.hasNonNull("notifications")) {
            changes.set("notifications", content.get("notifications"));
            steps.add(() -> ask.apply("EnableContactNotification", f -> f.put("mid", mid)
                    .put("enable", content.get("notifications").asBoolean())));
        }
        if (steps.isEmpty()) {
            return CompletableFuture.failedFuture(new EngineError("updateContact names no setting LINE_WS can change"));
        }
        ObjectNode result = social.object().put("userId", mid);
        result.set("changes", changes);
        return sequence(steps).thenApply(x -> social.result(result));
    }

    /** A group; {@code knownId} (the id the driver asked about) wins over what a search answered. */
    private ObjectNode group(JsonNode g, String knownId) {
        return social.group(knownId != null ? knownId : g.path("group_id").asText(null), g.path("name").asText(null), null, null, null,
                g.path("member_count").isNumber() ? g.path("member_count").asInt() : null, null);
    }

    private ObjectNode contact(JsonNode c, String phone) {
        return social.contact(c.path("mid").asText(null), c.path("displayName").asText(null),
                phone != null ? phone : c.path("phone").asText(null), emptyToNull(c.path("pictureUrl").asText(null)));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
