package io.switchboard.group.model;

import java.time.Instant;

/** A row of {@code chat_group}: what the platform knows of one of a robot's groups. */
@io.quarkus.runtime.annotations.RegisterForReflection // Jackson writes it in the admin views (also native)
public record StoredGroup(String robotSerialNo, String groupId, String merchantId, String name, String groupKey,
                          Long groupTagB, Long ownerTagB, String strData, String ownerUserId, Long createTime,
                          String notice, String pictureUrl, Integer memberCount, Instant leftAt, Instant updatedAt,
                          Boolean muteAll, Boolean joinByUrl, Boolean notifications, String robotNickname) {

    public boolean left() {
        return leftAt != null;
    }
}
