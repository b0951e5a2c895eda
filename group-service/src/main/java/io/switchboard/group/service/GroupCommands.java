package io.switchboard.group.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.client.InternalViews.RobotRef;
import io.switchboard.common.event.CommandPublisher;
import io.switchboard.group.config.GroupConfig;
import io.switchboard.group.model.GroupCommand;
import io.switchboard.group.model.StoredGroup;
import io.switchboard.group.repository.GroupCommandRepository;
import io.switchboard.group.repository.GroupStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Publishes group commands (docs/SOCIAL.md "Command content"): records whose command it is ({@link GroupCommand})
 * and queues it with {@link CommandPublisher}, in one transaction. LINE_DEVICE commands naming groups carry the
 * stored link info ({@code groupInfo}), which the device needs for group calls.
 */
@ApplicationScoped
public class GroupCommands {
    public static final String LINE_DEVICE = "LINE_DEVICE";

    /** The Open API answer of an accepted command; its result arrives as a webhook with the envelope's serial. */
    @RegisterForReflection
    public record Accepted(String vcRobotSerialNo, String operation, String vcGroupSerialNo) {}

    /**
     * The Open API answer of an extra operation (docs/SOCIAL.md "The extra operations"): no webhook follows, the
     * result is the command's, read with {@code getTask} and this {@code vcSerialNo} (the envelope's serial too).
     */
    @RegisterForReflection
    public record Queued(String vcRobotSerialNo, String operation, String vcGroupSerialNo, String vcSerialNo,
                         String result) {
        public static final String RESULT = "read the result with getTask and this vcSerialNo (no webhook)";
    }

    @Inject
    CommandPublisher commands;
    @Inject
    GroupCommandRepository log;
    @Inject
    GroupStore store;
    @Inject
    GroupConfig config;
    @Inject
    ObjectMapper json;

    /**
     * A group of the robot, as stored: 404 {@code 40401} when the robot has no such group (another robot's or
     * merchant's group is "not found", never theirs), 409 when {@code mustBeIn} and the robot left it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public StoredGroup group(RobotRef robot, String groupId, boolean mustBeIn) {
        StoredGroup g = store.find(robot.robotSerialNo(), groupId)
                .filter(x -> x.merchantId().equals(robot.merchantId()))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "group '" + groupId + "' of robot '"
                        + robot.robotSerialNo() + "' not found (getGroupList with refresh=true learns the robot's groups)"));
        if (mustBeIn && g.left()) {
            throw new ApiException(ErrorCode.CONFLICT, "robot '" + robot.robotSerialNo() + "' has left group '"
                    + groupId + "'");
        }
        return g;
    }

    /** Queues {@code operation} for the robot; {@code groupId} names the group the command is about (or null). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String serialNo, RobotRef robot, String operation, String groupId, ObjectNode content,
                        Duration timeout) {
        GroupCommand c = new GroupCommand();
        c.serialNo = serialNo;
        c.merchantId = robot.merchantId();
        c.robotSerialNo = robot.robotSerialNo();
        c.operation = operation;
        c.groupId = groupId;
        c.createdAt = Instant.now();
        log.persist(c);
        commands.request(serialNo, new CommandPublisher.Target(robot.merchantId(), robot.robotSerialNo(),
                robot.protocol(), robot.deviceNo(), null, robot.phone()), operation, content, timeout);
    }

    public Duration timeout() {
        return config.commandTimeout();
    }

    public Duration listTimeout() {
        return config.listTimeout();
    }

    /** LINE_DEVICE: {@code "groupInfo": {groupKey, groupTagB, ownerTagB}} or null when nothing is stored. */
    public void addLinkInfo(RobotRef robot, ObjectNode content, StoredGroup g) {
        if (LINE_DEVICE.equals(robot.protocol())) {
            content.set("groupInfo", g == null || (g.groupKey() == null && g.groupTagB() == null && g.ownerTagB() == null)
                    ? json.nullNode() : linkInfo(g));
        }
    }

    /** getGroupInfo with several groups on LINE_DEVICE: {@code "groupInfos": {groupId: link info or null}}. */
    public void addLinkInfos(RobotRef robot, ObjectNode content, Collection<String> groupIds,
                             Map<String, StoredGroup> stored) {
        if (!LINE_DEVICE.equals(robot.protocol())) {
            return;
        }
        if (groupIds.size() == 1) {
            addLinkInfo(robot, content, stored.get(groupIds.iterator().next()));
            return;
        }
        ObjectNode all = content.putObject("groupInfos");
        for (String id : groupIds) {
            StoredGroup g = stored.get(id);
            all.set(id, g == null || (g.groupKey() == null && g.groupTagB() == null && g.ownerTagB() == null)
                    ? json.nullNode() : linkInfo(g));
        }
    }

    private ObjectNode linkInfo(StoredGroup g) {
        ObjectNode n = json.createObjectNode();
        n.put("groupKey", g.groupKey());
        n.put("groupTagB", g.groupTagB());
        n.put("ownerUserId", g.ownerUserId()); // 10007's group_info has owner_user_id too
        n.put("ownerTagB", g.ownerTagB());
        return n;
    }
}
