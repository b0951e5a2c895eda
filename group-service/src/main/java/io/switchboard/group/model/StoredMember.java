package io.switchboard.group.model;

import java.time.Instant;

/** A row of {@code group_member}. */
public record StoredMember(String groupId, String userId, Long joinTime, Instant leftAt) {}
