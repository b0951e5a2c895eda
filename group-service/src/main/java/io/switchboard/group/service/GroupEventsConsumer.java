package io.switchboard.group.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.api.Formats;
import io.switchboard.common.api.Ids;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.switchboard.common.client.AccountDirectory;
import io.switchboard.common.client.InternalViews.RobotRef;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventHandler;
import io.switchboard.common.event.EventPublisher;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.ListParts;
import io.switchboard.common.event.ResultCodes;
import io.switchboard.common.event.Streams;
import io.switchboard.common.event.WebhookTypes;
import io.switchboard.group.mapping.GroupViews;
import io.switchboard.group.model.GroupCommand;
import io.switchboard.group.model.GroupRecord;
import io.switchboard.group.model.StoredGroup;
import io.switchboard.group.repository.GroupCommandRepository;
import io.switchboard.group.repository.GroupStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Applies the group results robots report (docs/SOCIAL.md "Normalised robot events") to the store and sends the
 * merchant's webhook, inside the consumer's transaction (store, webhook and dedup record commit together).
 *
 * <p>Whose event it is: a result carries its command's serial, and the command is in {@code group_command} with the
 * merchant that asked; a result is applied only to that merchant and robot, without asking account-service. An
 * event with no serial of ours (an engine push such as {@code group.changed}) is applied only when account-service
 * says the envelope's merchant owns the robot; while account-service cannot answer, it stays pending and is retried.
 * So a device or engine link of merchant A can report nothing into merchant B's robot.
 */
@ApplicationScoped
public class GroupEventsConsumer implements EventHandler {
    private static final Logger LOG = Logger.getLogger(GroupEventsConsumer.class);
    /** The event types this service handles; everything else is skipped before any work. */
    static final Set<String> TYPES = Set.of(EventTypes.GROUP_CREATED, EventTypes.GROUP_INFO, EventTypes.GROUPS_LISTED,
            EventTypes.GROUP_INVITED, EventTypes.GROUP_QUIT, EventTypes.GROUP_UPDATED, EventTypes.GROUP_CHANGED,
            EventTypes.COMMAND_FAILED);
    /** Each group operation's webhook (DESIGN §3: 2005 quit, 2006 invite). */
    static final Map<String, Integer> WEBHOOK = Map.of("createGroup", WebhookTypes.GROUP_CREATED,
            "getGroupInfo", WebhookTypes.GROUP_INFO, "getGroupList", WebhookTypes.GROUP_LIST,
            "inviteFriendsToGroup", WebhookTypes.GROUP_INVITE, "quitGroup", WebhookTypes.GROUP_QUIT,
            "updateGroup", WebhookTypes.GROUP_INFO);
    /** The operation whose result each event type is. */
    static final Map<String, String> RESULT_OF = Map.of(EventTypes.GROUP_CREATED, "createGroup",
            EventTypes.GROUP_INFO, "getGroupInfo", EventTypes.GROUPS_LISTED, "getGroupList",
            EventTypes.GROUP_INVITED, "inviteFriendsToGroup", EventTypes.GROUP_QUIT, "quitGroup",
            EventTypes.GROUP_UPDATED, "updateGroup");
    static final int MAX_ID = 256;

    @Inject
    GroupStore store;
    @Inject
    GroupCommandRepository commandLog;
    @Inject
    AccountDirectory accounts;
    @Inject
    EventPublisher events;
    @Inject
    ObjectMapper json;

    @Override
    public String stream() {
        return Streams.ROBOT_EVENTS;
    }

    @Override
    public boolean wants(EventEnvelope e) {
        return TYPES.contains(e.type()) && (!e.type().equals(EventTypes.COMMAND_FAILED)
                || e.data() != null && WEBHOOK.containsKey(e.data().path("operation").asText()));
    }

    /** The merchant an event is applied for, and the command it answers (null for a push). */
    record Owner(String merchantId, GroupCommand command) {}

    @Override
    public void handle(EventEnvelope e) {
        if (!TYPES.contains(e.type()) || e.robotSerialNo() == null) {
            return;
        }
        JsonNode d = e.data() == null ? json.createObjectNode() : e.data();
        if (e.type().equals(EventTypes.COMMAND_FAILED) && !WEBHOOK.containsKey(d.path("operation").asText())) {
            return; // another service's command
        }
        Owner owner = owner(e);
        if (owner == null) {
            return;
        }
        String robot = e.robotSerialNo();
        String m = owner.merchantId();
        switch (e.type()) {
            case EventTypes.GROUP_CREATED -> {
                GroupRecord g = group(d.path("group"));
                if (g == null) {
                    LOG.warnf("group.created %s names no valid group; ignored", e.id());
                    return;
                }
                apply(m, robot, List.of(g), true);
                notify(e, m, WebhookTypes.GROUP_CREATED, GroupViews.created(g));
            }
            case EventTypes.GROUP_INFO -> {
                List<GroupRecord> groups = groups(d.path("groups"));
                apply(m, robot, groups, false);
                notify(e, m, WebhookTypes.GROUP_INFO, GroupViews.infos(groups));
            }
            case EventTypes.GROUPS_LISTED -> listed(e, m, robot, d);
            case EventTypes.GROUP_INVITED -> {
                String groupId = id(d.path("groupId"));
                List<String> users = ids(d.path("userIds"));
                if (groupId == null) {
                    LOG.warnf("group.invited %s names no valid group; ignored", e.id());
                    return;
                }
                long joined = d.path("joinTime").canConvertToLong() ? d.path("joinTime").asLong()
                        : System.currentTimeMillis();
                store.upsertGroups(m, robot, List.of(bare(groupId)), false);
                store.addMembers(robot, groupId, users, joined);
                notify(e, m, WebhookTypes.GROUP_INVITE, GroupViews.invited(groupId, users));
            }
            case EventTypes.GROUP_QUIT -> {
                String groupId = id(d.path("groupId"));
                if (groupId == null) {
                    LOG.warnf("group.quit %s names no valid group; ignored", e.id());
                    return;
                }
                store.markLeft(m, robot, groupId);
                String name = store.find(robot, groupId).map(StoredGroup::name).orElse(null);
                notify(e, m, WebhookTypes.GROUP_QUIT, GroupViews.quit(groupId, name));
            }
            case EventTypes.GROUP_UPDATED -> updated(e, m, robot, d);
            case EventTypes.GROUP_CHANGED -> {
                GroupRecord g = group(d.path("group"));
                if (g != null) {
                    apply(m, robot, List.of(g), true);
                }
            }
            case EventTypes.COMMAND_FAILED -> failed(e, owner, d);
            default -> { }
        }
    }

    /**
     * {@code groups.listed}, a whole list or one part of it (docs/SOCIAL.md "Lists in parts"): upsert its groups,
     * tagged with the list's serial; once every part of a complete list is stored, the robot's groups no part named
     * are marked left. A part of a list older than one already complete is stale: told (2003), not stored. 2003 for
     * the part's groups, in as many webhooks as its size needs.
     */
    private void listed(EventEnvelope e, String m, String robot, JsonNode d) {
        long t0 = System.nanoTime();
        List<GroupRecord> groups = groups(d.path("groups"));
        ListParts.Part part = ListParts.partOf(d);
        // A list with no command (a push) gets a serial of its own: newer than every list before it.
        String listSerial = e.serialNo() != null ? e.serialNo() : Ids.serialNo();
        long t1 = System.nanoTime();
        int left = 0;
        if (part != null) {
            store.lockLists(robot);
        }
        if (part != null && store.listSuperseded(robot, listSerial)) {
            LOG.infof("robot %s: group list %s (part %d of %d) is older than a complete list; told, not stored",
                    robot, listSerial, part.part(), part.parts());
        } else {
            apply(m, robot, groups, true, part == null ? null : listSerial);
            if (part != null && store.listPartStored(robot, listSerial, part)) {
                left = store.markLeftBefore(robot, listSerial);
            }
        }
        long t2 = System.nanoTime();
        int webhooks = events.notifyMerchantInParts(m, robot, e.serialNo(), WebhookTypes.GROUP_LIST, ResultCodes.OK,
                "", GroupViews.infos(groups));
        LOG.debugf("group list of %s: %d groups (part %s), %d marked left; read %d ms, stored %d ms, %d webhooks "
                        + "queued %d ms", robot, groups.size(), part, left, (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000, webhooks, (System.nanoTime() - t2) / 1_000_000);
    }

    private void updated(EventEnvelope e, String m, String robot, JsonNode d) {
        String groupId = id(d.path("groupId"));
        if (groupId == null) {
            LOG.warnf("group.updated %s names no valid group; ignored", e.id());
            return;
        }
        JsonNode c = d.path("changes");
        store.applyChanges(m, robot, groupId, new GroupStore.Changes(text(c.path("name")), text(c.path("notice")),
                text(c.path("picture")), bool(c.path("muteAll")), bool(c.path("joinByUrl")),
                bool(c.path("notifications")), text(c.path("robotNickname"))));
        StoredGroup g = store.find(robot, groupId).orElseThrow();
        ArrayNode data = json.createArrayNode();
        data.add(GroupViews.info(g, store.currentMembers(robot, List.of(groupId)).getOrDefault(groupId, List.of())));
        notify(e, m, WebhookTypes.GROUP_INFO, data);
    }

    /** The operation's webhook with result code 2 and the engine's reason. */
    private void failed(EventEnvelope e, Owner owner, JsonNode d) {
        String operation = d.path("operation").asText();
        String reason = d.path("reason").asText("");
        String groupId = owner.command() == null ? null : owner.command().groupId;
        JsonNode data = switch (operation) {
            case "getGroupInfo", "getGroupList" -> json.createArrayNode();
            case "quitGroup" -> GroupViews.quit(groupId,
                    groupId == null ? null : store.find(e.robotSerialNo(), groupId).map(StoredGroup::name).orElse(null));
            case "inviteFriendsToGroup", "updateGroup" -> json.createObjectNode().put("vcGroupId", groupId);
            default -> json.createObjectNode();
        };
        events.notifyMerchant(owner.merchantId(), e.robotSerialNo(), e.serialNo(), WEBHOOK.get(operation),
                ResultCodes.COMMAND_FAILED, reason.isEmpty() ? "command failed" : reason, data);
    }

    private void apply(String merchantId, String robot, List<GroupRecord> groups, boolean present) {
        apply(merchantId, robot, groups, present, null);
    }

    private void apply(String merchantId, String robot, List<GroupRecord> groups, boolean present, String listSerial) {
        store.upsertGroups(merchantId, robot, groups, present, listSerial);
        store.replaceMembers(robot, groups.stream().filter(g -> g.members() != null).toList());
    }

    private void notify(EventEnvelope e, String merchantId, int type, JsonNode data) {
        events.notifyMerchant(merchantId, e.robotSerialNo(), e.serialNo(), type, ResultCodes.OK, "", data);
    }

    /** Whose event this is (see the class comment); null: ignore it. */
    private Owner owner(EventEnvelope e) {
        GroupCommand cmd = e.serialNo() == null || e.serialNo().length() > 64 ? null : commandLog.findById(e.serialNo());
        if (cmd != null) {
            boolean sameRobot = cmd.robotSerialNo.equals(e.robotSerialNo());
            boolean sameMerchant = e.merchantId() == null || cmd.merchantId.equals(e.merchantId());
            String expected = e.type().equals(EventTypes.COMMAND_FAILED)
                    ? (e.data() == null ? "" : e.data().path("operation").asText())
                    : RESULT_OF.get(e.type());
            if (!sameRobot || !sameMerchant || (expected != null && !expected.equals(cmd.operation))) {
                LOG.warnf("event %s (%s) for robot %s of merchant %s does not match its command %s (%s, robot %s of "
                                + "merchant %s); ignored", e.id(), e.type(), e.robotSerialNo(), e.merchantId(),
                        cmd.serialNo, cmd.operation, cmd.robotSerialNo, cmd.merchantId);
                return null;
            }
            return new Owner(cmd.merchantId, cmd);
        }
        if (e.type().equals(EventTypes.COMMAND_FAILED)) {
            LOG.debugf("command.failed %s is for a command group-service did not publish; ignored", e.id());
            return null;
        }
        // A push, or a result of no command of ours: account-service says who owns the robot. When it cannot
        // answer, AccountDirectory throws and the event stays pending for a retry.
        RobotRef r = accounts.robot(e.robotSerialNo()).orElse(null);
        if (r == null || e.merchantId() == null || !r.merchantId().equals(e.merchantId())) {
            LOG.warnf("event %s (%s) for robot %s of merchant %s: the robot is %s; ignored", e.id(), e.type(),
                    e.robotSerialNo(), e.merchantId(), r == null ? "unknown" : "another merchant's");
            return null;
        }
        return new Owner(r.merchantId(), null);
    }

    // Reading the normalised shapes. Values are taken leniently (a number as text is a number), but an id that
    // could not name anything drops its entry, and NULs are removed (PostgreSQL text cannot hold them).

    private List<GroupRecord> groups(JsonNode array) {
        Map<String, GroupRecord> out = new LinkedHashMap<>(); // one entry per group id, the last one wins
        if (array.isArray()) {
            for (JsonNode n : array) {
                GroupRecord g = group(n);
                if (g != null) {
                    out.put(g.groupId(), g);
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    private static GroupRecord group(JsonNode n) {
        String id = id(n.path("groupId"));
        if (id == null) {
            return null;
        }
        List<GroupRecord.Member> members = null;
        if (n.path("members").isArray()) {
            members = new ArrayList<>();
            for (JsonNode m : n.path("members")) {
                String user = id(m.path("userId"));
                if (user != null) {
                    members.add(new GroupRecord.Member(user, Formats.wholeNumber(m.path("joinTime"))));
                }
            }
        }
        Long count = Formats.wholeNumber(n.path("memberCount"));
        return new GroupRecord(id, text(n.path("groupName")), text(n.path("groupKey")),
                Formats.wholeNumber(n.path("groupTagB")), id(n.path("ownerUserId")),
                Formats.wholeNumber(n.path("ownerTagB")), Formats.wholeNumber(n.path("createTime")),
                text(n.path("strData")), text(n.path("notice")),
                count == null || count < 0 || count > Integer.MAX_VALUE ? null : count.intValue(), members);
    }

    private static GroupRecord bare(String groupId) {
        return new GroupRecord(groupId, null, null, null, null, null, null, null, null, null, null);
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            for (JsonNode n : array) {
                String id = id(n);
                if (id != null && !out.contains(id)) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    static String id(JsonNode n) {
        String s = text(n);
        return s == null || s.isBlank() || s.length() > MAX_ID ? null : s;
    }

    /** A boolean the event gives, or null (unchanged) when it gives none. */
    static Boolean bool(JsonNode n) {
        return n.isBoolean() ? n.asBoolean() : null;
    }

    static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode() || n.isContainerNode()) {
            return null;
        }
        return n.asText().replace("\u0000", "");
    }
}
