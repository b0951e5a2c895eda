package io.switchboard.group.model;

import java.time.Instant;

/** A row of {@code group_member}. */
@io.quarkus.runtime.annotations.RegisterForReflection // Jackson writes it in the admin views (also native)
public record StoredMember(String groupId, String userId, Long joinTime, Instant leftAt) {}
