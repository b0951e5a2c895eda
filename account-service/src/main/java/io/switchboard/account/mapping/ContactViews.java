package io.switchboard.account.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.account.model.Contact;
import java.time.Instant;
import java.util.List;

/**
 * Views of stored contacts: the Open API's {@code getFriendList} entries use seed 001's 1003 names
 * ({@code vcUserId}, {@code vcUserName}, {@code vcPreviewParm}, {@code Un2}, {@code Un11}) plus the store's own
 * fields; the admin view shows the row as stored.
 */
public final class ContactViews {
    private ContactViews() {}

    /** One friend in {@code getFriendList}'s answer; times are epoch milliseconds. */
    @RegisterForReflection
    public record FriendView(String vcUserId, String vcUserName, String vcPreviewParm,
                             @JsonProperty("Un2") Long un2, @JsonProperty("Un11") Integer un11, String vcPhone,
                             String vcAvatarUrl, String vcRelation, long nFirstSeen, long nUpdated) {}

    /**
     * {@code getFriendList}'s answer: a page of the store, how many current friends it holds, the cursor of the next
     * page ({@code null} on the last), when the last complete list was stored ({@code null}: never), and the serial
     * of the refresh command in flight for it ({@code null}: none; its result is webhook 1003 with that serial).
     */
    @RegisterForReflection
    public record FriendList(String vcRobotSerialNo, List<FriendView> friends, long total, String nextAfter,
                             Long listedAt, String refreshSerialNo, boolean refreshSent) {}

    /** A command operation's answer ({@code addFriend}, {@code syncContacts}); the envelope's vcSerialNo is the command's. */
    @RegisterForReflection
    public record CommandAccepted(String vcRobotSerialNo, String operation) {}

    /**
     * The answer of an operation whose result is read with {@code getTask} (docs/SOCIAL.md "The extra operations"):
     * {@code vcSerialNo} is the command's serial (also the envelope's), {@code result} says where the result comes.
     */
    @RegisterForReflection
    public record TaskAccepted(String vcRobotSerialNo, String operation, String vcSerialNo, String result) {}

    @RegisterForReflection
    public record AdminContact(long id, String robotSerialNo, String userId, String userName, String phone,
                               String avatarUrl, String previewParm, Long un2, Integer un11, String relation,
                               Instant firstSeenAt, Instant updatedAt, Instant removedAt) {}

    /** {@code next}: the {@code after} of the next page, null on the last. */
    @RegisterForReflection
    public record AdminContactPage(List<AdminContact> contacts, Long next) {}

    public static FriendView friend(Contact c) {
        return new FriendView(c.userId(), c.userName(), c.previewParm(), c.un2(), c.un11(), c.phone(), c.avatarUrl(),
                c.relation(), c.firstSeenAt().toEpochMilli(), c.updatedAt().toEpochMilli());
    }

    public static AdminContact admin(Contact c) {
        return new AdminContact(c.id(), c.robotSerialNo(), c.userId(), c.userName(), c.phone(), c.avatarUrl(),
                c.previewParm(), c.un2(), c.un11(), c.relation(), c.firstSeenAt(), c.updatedAt(), c.removedAt());
    }
}
