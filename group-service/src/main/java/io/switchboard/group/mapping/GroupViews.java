package io.switchboard.group.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.group.model.GroupRecord;
import io.switchboard.group.model.StoredGroup;
import io.switchboard.group.model.StoredMember;
import java.util.List;

/**
 * What merchants see of groups: the webhook {@code data} of 2001/2002/2003/2005/2006 with seed 001's callback field
 * names (docs/SOCIAL.md), and the Open API answers, which use the same names.
 */
public final class GroupViews {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private GroupViews() {}

    /** A member in the seed's {@code memberJoinTime} list. */
    @RegisterForReflection
    public record MemberView(String vcUserId, Long nJoinTime) {}

    /**
     * A stored group in an Open API answer: the 2001 fields, plus the notice, the member count and whether the robot
     * left it. {@code memberJoinTime} is null in lists (getGroupList) and the current members in getGroupInfo.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record GroupView(String vcGroupId, String vcGroupName, String vcGroupKey, Long nGroupTag_b, Long nCreateTime,
                            String vcStrData, String vcOwnerUserId, Long nOwnerTag_b, String vcNotice,
                            Integer nMemberCount, boolean bLeft, List<MemberView> memberJoinTime) {}

    public static GroupView view(StoredGroup g, List<StoredMember> members) {
        return new GroupView(g.groupId(), g.name(), g.groupKey(), g.groupTagB(), g.createTime(), g.strData(),
                g.ownerUserId(), g.ownerTagB(), g.notice(), g.memberCount(), g.left(),
                members == null ? null : members.stream().map(m -> new MemberView(m.userId(), m.joinTime())).toList());
    }

    /** 2001 {@code data}. */
    public static ObjectNode created(GroupRecord g) {
        ObjectNode n = F.objectNode();
        n.put("vcGroupId", g.groupId());
        n.put("vcGroupName", g.groupName());
        n.put("vcGroupKey", g.groupKey());
        n.put("nGroupTag_b", g.groupTagB());
        n.put("nCreateTime", g.createTime());
        n.put("vcStrData", g.strData());
        n.put("vcOwnerUserId", g.ownerUserId());
        n.put("nOwnerTag_b", g.ownerTagB());
        n.set("memberJoinTime", members(g.members()));
        return n;
    }

    /** One entry of 2002/2003 {@code data}. */
    public static ObjectNode info(GroupRecord g) {
        ObjectNode n = F.objectNode();
        n.put("vcGroupId", g.groupId());
        n.put("vcGroupName", g.groupName());
        n.put("nCreateTime", g.createTime());
        n.put("vcStrData", g.strData());
        n.put("vcOwnerUserId", g.ownerUserId());
        n.set("memberJoinTime", members(g.members()));
        return n;
    }

    /** One entry of 2002 {@code data} from the store (after an update). */
    public static ObjectNode info(StoredGroup g, List<StoredMember> members) {
        ObjectNode n = F.objectNode();
        n.put("vcGroupId", g.groupId());
        n.put("vcGroupName", g.name());
        n.put("nCreateTime", g.createTime());
        n.put("vcStrData", g.strData());
        n.put("vcOwnerUserId", g.ownerUserId());
        ArrayNode a = F.arrayNode();
        for (StoredMember m : members) {
            a.addObject().put("vcUserId", m.userId()).put("nJoinTime", m.joinTime());
        }
        n.set("memberJoinTime", a);
        return n;
    }

    public static ArrayNode infos(List<GroupRecord> groups) {
        ArrayNode a = F.arrayNode();
        groups.forEach(g -> a.add(info(g)));
        return a;
    }

    /** 2006 {@code data}. */
    public static ObjectNode invited(String groupId, List<String> userIds) {
        ObjectNode n = F.objectNode();
        n.put("vcGroupId", groupId);
        ArrayNode a = n.putArray("vcUserIds");
        userIds.forEach(a::add);
        return n;
    }

    /** 2005 {@code data}. */
    public static ObjectNode quit(String groupId, String groupName) {
        ObjectNode n = F.objectNode();
        n.put("vcGroupId", groupId);
        n.put("vcGroupName", groupName);
        return n;
    }

    /** {@code memberJoinTime}: the members the result listed, or null when it listed none. */
    private static com.fasterxml.jackson.databind.JsonNode members(List<GroupRecord.Member> members) {
        if (members == null) {
            return F.nullNode();
        }
        ArrayNode a = F.arrayNode();
        for (GroupRecord.Member m : members) {
            a.addObject().put("vcUserId", m.userId()).put("nJoinTime", m.joinTime());
        }
        return a;
    }
}
