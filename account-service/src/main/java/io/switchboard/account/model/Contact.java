package io.switchboard.account.model;

import java.time.Instant;
import java.util.Set;

/**
 * A robot's friend or contact as the store keeps it: docs/SOCIAL.md's contact shape ({@code userId} is the
 * messenger's id, unique only within the robot) plus the store's own times. {@code previewParm}, {@code un2} and
 * {@code un11} are LINE's {@code PreviewParm}, {@code Un2}, {@code Un11}; other protocols leave them null.
 */
public record Contact(Long id, String robotSerialNo, String userId, String userName, String phone, String avatarUrl,
                      String previewParm, Long un2, Integer un11, String relation, Instant firstSeenAt,
                      Instant updatedAt, Instant removedAt) {
    public static final String FRIEND = "friend";
    /** docs/SOCIAL.md: a contact's {@code relation}; the column's check constraint (V7) holds the same words. */
    public static final Set<String> RELATIONS = Set.of(FRIEND, "blocked", "requested");

    /** A contact as a robot event reports it, before it is stored. */
    public static Contact reported(String userId, String userName, String phone, String avatarUrl,
                                   String previewParm, Long un2, Integer un11, String relation) {
        return new Contact(null, null, userId, userName, phone, avatarUrl, previewParm, un2, un11, relation, null,
                null, null);
    }
}
