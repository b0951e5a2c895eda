package io.switchboard.group.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.client.InternalViews.RobotRef;
import io.switchboard.group.mapping.GroupViews;
import io.switchboard.group.mapping.GroupViews.GroupView;
import io.switchboard.group.model.StoredGroup;
import io.switchboard.group.model.StoredMember;
import io.switchboard.group.repository.GroupStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The group operations once the robot is known to be the caller's and its protocol able (RobotAccess): each
 * checks the groups it names against the robot's store and publishes its command (docs/SOCIAL.md). The six seed
 * operations' results come back as robot events ({@link GroupEventsConsumer}); the extra ones' ({@link #queue}) are
 * the command's result only, read with getTask.
 */
@ApplicationScoped
public class GroupService {
    /** Members per createGroup / invite (docs/SOCIAL.md "Limits"). */
    public static final int MAX_MEMBERS = 100;
    /** Groups per getGroupInfo (docs/SOCIAL.md "Limits"). */
    public static final int MAX_INFO_GROUPS = 50;
    /** A link or picture the engines can open: http(s), no spaces (docs/API.md). */
    public static final String HTTP_URL = "https?://\\S+";
    public static final String HTTP_URL_MESSAGE = "must be an http(s) URL without spaces";

    @RegisterForReflection
    public record GroupInfoAnswer(String vcRobotSerialNo, List<GroupView> groups) {}

    @RegisterForReflection
    public record GroupPage(String vcRobotSerialNo, List<GroupView> groups, long total, String nextAfter,
                            boolean refreshing) {}

    @Inject
    GroupCommands commands;
    @Inject
    GroupStore store;
    @Inject
    ObjectMapper json;

    @Transactional
    public GroupCommands.Accepted create(String serialNo, RobotRef robot, String name, List<String> friends) {
        ObjectNode content = json.createObjectNode();
        content.put("name", name);
        ArrayNode ids = content.putArray("userIds");
        new LinkedHashSet<>(friends).forEach(ids::add);
        commands.publish(serialNo, robot, "createGroup", null, content, commands.timeout());
        return new GroupCommands.Accepted(robot.robotSerialNo(), "createGroup", null);
    }

    /** The stored groups now; the robot's fresh answer follows as webhook 2002. */
    @Transactional
    public GroupInfoAnswer info(String serialNo, RobotRef robot, List<String> groupIds) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(groupIds));
        Map<String, StoredGroup> stored = store.findAll(robot.robotSerialNo(), ids);
        stored.values().removeIf(g -> !g.merchantId().equals(robot.merchantId()));
        List<String> unknown = ids.stream().filter(id -> !stored.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "group(s) " + unknown + " of robot '" + robot.robotSerialNo()
                    + "' not found (getGroupList with refresh=true learns the robot's groups)");
        }
        Map<String, List<StoredMember>> members = store.currentMembers(robot.robotSerialNo(), ids);
        ObjectNode content = json.createObjectNode();
        ArrayNode a = content.putArray("groupIds");
        ids.forEach(a::add);
        commands.addLinkInfos(robot, content, ids, stored);
        commands.publish(serialNo, robot, "getGroupInfo", ids.size() == 1 ? ids.get(0) : null, content,
                commands.timeout());
        return new GroupInfoAnswer(robot.robotSerialNo(), ids.stream()
                .map(id -> GroupViews.view(stored.get(id), members.getOrDefault(id, List.of()))).toList());
    }

    /**
     * A page of the stored groups the robot is in, by group id after {@code after} (keyset: a list that changes while
     * it is paged never skips or repeats a group); {@code refresh} also asks the robot for its complete list.
     */
    @Transactional
    public GroupPage list(String serialNo, RobotRef robot, boolean refresh, String after, int limit) {
        if (refresh) {
            commands.publish(serialNo, robot, "getGroupList", null, json.createObjectNode(), commands.listTimeout());
        }
        // One row more than the page says whether there is a next one.
        List<StoredGroup> rows = store.page(robot.robotSerialNo(), after, limit + 1);
        boolean more = rows.size() > limit;
        List<StoredGroup> page = more ? rows.subList(0, limit) : rows;
        List<GroupView> groups = page.stream().filter(g -> g.merchantId().equals(robot.merchantId()))
                .map(g -> GroupViews.view(g, null)).toList();
        return new GroupPage(robot.robotSerialNo(), groups, store.count(robot.robotSerialNo(), false),
                more ? page.getLast().groupId() : null, refresh);
    }

    @Transactional
    public GroupCommands.Accepted invite(String serialNo, RobotRef robot, String groupId, List<String> friends) {
        StoredGroup g = commands.group(robot, groupId, true);
        ObjectNode content = json.createObjectNode();
        content.put("groupId", groupId);
        ArrayNode ids = content.putArray("userIds");
        new LinkedHashSet<>(friends).forEach(ids::add);
        commands.addLinkInfo(robot, content, g);
        commands.publish(serialNo, robot, "inviteFriendsToGroup", groupId, content, commands.timeout());
        return new GroupCommands.Accepted(robot.robotSerialNo(), "inviteFriendsToGroup", groupId);
    }

    @Transactional
    public GroupCommands.Accepted quit(String serialNo, RobotRef robot, String groupId) {
        StoredGroup g = commands.group(robot, groupId, true);
        ObjectNode content = json.createObjectNode();
        content.put("groupId", groupId);
        commands.addLinkInfo(robot, content, g);
        commands.publish(serialNo, robot, "quitGroup", groupId, content, commands.timeout());
        return new GroupCommands.Accepted(robot.robotSerialNo(), "quitGroup", groupId);
    }

    /**
     * The extra operations (docs/SOCIAL.md "The extra operations"): {@code content} goes out as it is, without its
     * null values. With {@code storedGroup} its {@code groupId} must be a stored group the robot is still in
     * (getGroupQrCode); invitations and joins name groups the store does not know yet, so they skip the look-up.
     */
    @Transactional
    public GroupCommands.Queued queue(String serialNo, RobotRef robot, String operation, boolean storedGroup,
                                      Map<String, String> content) {
        String groupId = content.get("groupId");
        ObjectNode c = json.createObjectNode();
        content.forEach((k, v) -> {
            if (v != null) {
                c.put(k, v);
            }
        });
        if (storedGroup) {
            commands.addLinkInfo(robot, c, commands.group(robot, groupId, true));
        }
        commands.publish(serialNo, robot, operation, groupId, c, commands.timeout());
        return new GroupCommands.Queued(robot.robotSerialNo(), operation, groupId, serialNo,
                GroupCommands.Queued.RESULT);
    }

    @Transactional
    public GroupCommands.Accepted update(String serialNo, RobotRef robot, String groupId, Map<String, Object> changes) {
        StoredGroup g = commands.group(robot, groupId, true);
        ObjectNode content = json.createObjectNode();
        content.put("groupId", groupId);
        changes.forEach((k, v) -> content.set(k, json.valueToTree(v)));
        commands.addLinkInfo(robot, content, g);
        commands.publish(serialNo, robot, "updateGroup", groupId, content, commands.timeout());
        return new GroupCommands.Accepted(robot.robotSerialNo(), "updateGroup", groupId);
    }
}
