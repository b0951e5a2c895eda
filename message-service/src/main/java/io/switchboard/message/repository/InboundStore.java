package io.switchboard.message.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;

/** Messages robots received ({@code inbound_message}), in plain SQL on the caller's transaction. */
@ApplicationScoped
public class InboundStore {
    @Inject
    MessageStore store;

    /** An inbound message as stored; {@code key} is the messenger's id or a hash of the fields. */
    public record Inbound(String robotSerialNo, String merchantId, String key, String messengerMsgId, String protocol,
                          String fromUserId, String toUserId, String groupId, Integer msgType, String content,
                          Long sentAt) {}

    /** Stores the message once per (robot, key); false when it was stored before (a repeat report). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean insertOnce(Inbound m) {
        return store.run(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into inbound_message (robot_serial_no, merchant_id,"
                    + " message_key, messenger_msg_id, protocol, from_user_id, to_user_id, group_id, msg_type, content,"
                    + " sent_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " on conflict (robot_serial_no, message_key) do nothing")) {
                int p = 1;
                ps.setString(p++, m.robotSerialNo());
                ps.setString(p++, m.merchantId());
                ps.setString(p++, m.key());
                ps.setString(p++, m.messengerMsgId());
                ps.setString(p++, m.protocol());
                ps.setString(p++, m.fromUserId());
                ps.setString(p++, m.toUserId());
                ps.setString(p++, m.groupId());
                if (m.msgType() == null) {
                    ps.setNull(p++, Types.INTEGER);
                } else {
                    ps.setInt(p++, m.msgType());
                }
                ps.setString(p++, m.content());
                if (m.sentAt() == null) {
                    ps.setNull(p, Types.BIGINT);
                } else {
                    ps.setLong(p, m.sentAt());
                }
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Deletes up to {@code batch} messages received before {@code cutoff}, oldest first; returns how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int deleteReceivedBefore(Instant cutoff, int batch) {
        return store.run(c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from inbound_message where id = any(array("
                    + "select id from inbound_message where received_at < ? order by received_at limit ?))")) {
                ps.setTimestamp(1, Timestamp.from(cutoff));
                ps.setInt(2, batch);
                return ps.executeUpdate();
            }
        });
    }
}
