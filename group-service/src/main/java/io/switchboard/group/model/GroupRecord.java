package io.switchboard.group.model;

import java.util.List;

/**
 * A group as a robot event reports it (docs/SOCIAL.md, the "group" shape). {@code groupKey}, {@code groupTagB},
 * {@code ownerTagB} and {@code strData} are LINE link info (null elsewhere); {@code members} is null when the
 * result did not list them.
 */
public record GroupRecord(String groupId, String groupName, String groupKey, Long groupTagB, String ownerUserId,
                          Long ownerTagB, Long createTime, String strData, String notice, Integer memberCount,
                          List<Member> members) {

    /** A member and when it joined (epoch ms as the messenger reports it; null when not said). */
    public record Member(String userId, Long joinTime) {}
}
