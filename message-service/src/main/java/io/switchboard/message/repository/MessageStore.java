package io.switchboard.message.repository;

import io.switchboard.common.db.Jdbc;
import io.switchboard.message.model.MessageState;
import io.switchboard.message.model.RobotQueue;
import io.switchboard.message.model.StoredMessage;
import io.switchboard.message.model.TargetKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Outbound messages and the robots' queues, in plain SQL on the caller's transaction (the datasource enlists the
 * connection). Every time written is the database's {@code now()}, so replicas with skewed clocks pace one robot
 * alike. Lock order, everywhere: a robot's {@code robot_queue} row first, then its messages — accept, dispatch,
 * results and the deadline release never wait on each other in a circle.
 */
@ApplicationScoped
public class MessageStore {
    static final String COLUMNS = "serial_no, seq, merchant_id, robot_serial_no, target_kind, target_id, msg_type, "
            + "content, before_sleep_ms, after_sleep_ms, client_msg_id, request_hash, state, reason, messenger_msg_id, "
            + "group_info::text, created_at, dispatched_at, finished_at, deadline_at";
    static final String QUEUE_COLUMNS = "robot_serial_no, merchant_id, protocol, device_no, phone, robot_user_id, "
            + "pending, in_flight_serial, in_flight_deadline, next_dispatch_at, interval_ms";

    @Inject
    DataSource ds;

    /** A new message as accepted. */
    public record NewMessage(String serialNo, String merchantId, String robotSerialNo, TargetKind kind,
                             String targetId, int msgType, String content, int beforeSleepMs, int afterSleepMs,
                             String clientMsgId, String requestHash) {}

    /** How a robot is reached, as of the message being accepted. */
    public record Reach(String robotSerialNo, String merchantId, String protocol, String deviceNo, String phone,
                        String robotUserId) {}

    /** A robot the dispatcher claimed (its queue row locked) and the head of its queue, if any. */
    public record Claim(Reach robot, StoredMessage head) {}

    /** The filters of the admin list; any may be null. {@code after} is the previous page's last row. */
    public record Filter(String robotSerialNo, String targetId, MessageState state, Instant from, Instant to,
                         Instant afterCreatedAt, Long afterSeq) {}

    // --- accepting -------------------------------------------------------------------------------------------

    /**
     * What {@link #enqueue} found: how many of the robot's messages are ahead of the new one (queued and in flight),
     * and whether the robot can take a message now (nothing in flight, its pacing time passed), i.e. whether waking
     * the dispatcher can do anything. A busy or paced robot's accepts do not wake it: the tick and the result do.
     */
    public record Enqueued(int ahead, boolean ready) {}

    /**
     * Counts one more message into the robot's queue and locks its row until commit (so accepts of one robot are
     * ordered and counted exactly).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Enqueued enqueue(Reach r) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into robot_queue as q (robot_serial_no, merchant_id,"
                    + " protocol, device_no, phone, robot_user_id, pending) values (?, ?, ?, ?, ?, ?, 1)"
                    + " on conflict (robot_serial_no) do update set merchant_id = excluded.merchant_id,"
                    + " protocol = excluded.protocol, device_no = excluded.device_no, phone = excluded.phone,"
                    + " robot_user_id = coalesce(excluded.robot_user_id, q.robot_user_id), pending = q.pending + 1,"
                    + " updated_at = now()"
                    + " returning q.pending - 1 + case when q.in_flight_serial is null then 0 else 1 end,"
                    + " q.in_flight_serial is null and q.next_dispatch_at <= now()")) {
                ps.setString(1, r.robotSerialNo());
                ps.setString(2, r.merchantId());
                ps.setString(3, r.protocol());
                ps.setString(4, r.deviceNo());
                ps.setString(5, r.phone());
                ps.setString(6, r.robotUserId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Enqueued(rs.getInt(1), rs.getBoolean(2));
                }
            }
        });
    }

    /**
     * {@link #enqueue} for many robots in one statement: each robot's queue row counts {@code count} more messages
     * and stays locked until commit. Rows are locked in robot order, so two batches never wait on each other in a
     * circle. Answers per robot what {@link #enqueue} answers for its first new message.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Enqueued> enqueueAll(List<Reach> robots, List<Integer> counts) {
        return run(c -> {
            String[][] cols = new String[6][robots.size()];
            Integer[] n = counts.toArray(Integer[]::new);
            Map<String, Integer> countOf = new HashMap<>();
            for (int i = 0; i < robots.size(); i++) {
                Reach r = robots.get(i);
                countOf.put(r.robotSerialNo(), n[i]);
                cols[0][i] = r.robotSerialNo();
                cols[1][i] = r.merchantId();
                cols[2][i] = r.protocol();
                cols[3][i] = r.deviceNo();
                cols[4][i] = r.phone();
                cols[5][i] = r.robotUserId();
            }
            try (PreparedStatement ps = c.prepareStatement("insert into robot_queue as q (robot_serial_no, merchant_id,"
                    + " protocol, device_no, phone, robot_user_id, pending)"
                    + " select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[])"
                    + " as r(robot_serial_no, merchant_id, protocol, device_no, phone, robot_user_id, pending)"
                    + " order by r.robot_serial_no"
                    + " on conflict (robot_serial_no) do update set merchant_id = excluded.merchant_id,"
                    + " protocol = excluded.protocol, device_no = excluded.device_no, phone = excluded.phone,"
                    + " robot_user_id = coalesce(excluded.robot_user_id, q.robot_user_id),"
                    + " pending = q.pending + excluded.pending, updated_at = now()"
                    + " returning q.robot_serial_no, q.pending + case when q.in_flight_serial is null then 0 else 1 end,"
                    + " q.in_flight_serial is null and q.next_dispatch_at <= now()")) {
                for (int k = 0; k < 6; k++) {
                    ps.setArray(k + 1, c.createArrayOf("text", cols[k]));
                }
                ps.setArray(7, c.createArrayOf("int4", n));
                Map<String, Enqueued> out = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        // The robot's count includes this batch's messages: what is ahead of the first of them.
                        String robot = rs.getString(1);
                        out.put(robot, new Enqueued(rs.getInt(2) - countOf.get(robot),
                                rs.getBoolean(3)));
                    }
                }
                return out;
            }
        });
    }

    /**
     * {@link #insert} for many messages, sent to the database in one batch (in list order, so their accept order is
     * their {@code seq} order); per message, whether it was inserted.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean[] insertAll(List<NewMessage> messages) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (NewMessage m : messages) {
                    bind(ps, m);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                boolean[] inserted = new boolean[counts.length];
                for (int i = 0; i < counts.length; i++) {
                    inserted[i] = counts[i] == 1;
                }
                return inserted;
            }
        });
    }

    /** Takes back {@code count} of {@link #enqueueAll}'s messages that were not inserted. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void unqueue(String robot, int count) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("update robot_queue set pending = greatest(pending - ?, 0)"
                    + " where robot_serial_no = ?")) {
                ps.setInt(1, count);
                ps.setString(2, robot);
                return ps.executeUpdate();
            }
        });
    }

    /** Takes back an {@link #enqueue} whose message was not inserted (its idempotency key was taken). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void unqueue(String robot) {
        unqueue(robot, 1);
    }

    static final String INSERT = "insert into outbound_message (serial_no, merchant_id, robot_serial_no,"
            + " target_kind, target_id, msg_type, content, before_sleep_ms, after_sleep_ms, client_msg_id, request_hash)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing";

    /** Inserts the message; false when its vcClientMsgId is already bound to another message of the merchant. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean insert(NewMessage m) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                bind(ps, m);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static void bind(PreparedStatement ps, NewMessage m) throws SQLException {
        int p = 1;
        ps.setString(p++, m.serialNo());
        ps.setString(p++, m.merchantId());
        ps.setString(p++, m.robotSerialNo());
        ps.setString(p++, m.kind().code());
        ps.setString(p++, m.targetId());
        ps.setInt(p++, m.msgType());
        ps.setString(p++, m.content());
        ps.setInt(p++, m.beforeSleepMs());
        ps.setInt(p++, m.afterSleepMs());
        ps.setString(p++, m.clientMsgId());
        ps.setString(p, m.requestHash());
    }

    /** The message bound to a merchant's vcClientMsgId. */
    public Optional<StoredMessage> byClientMsgId(String merchantId, String clientMsgId) {
        return one("select " + COLUMNS + " from outbound_message where merchant_id = ? and client_msg_id = ?",
                merchantId, clientMsgId);
    }

    /**
     * Unbinds a vcClientMsgId from its message when the message is older than {@code boundSince} (the idempotency
     * window passed), so the key can name a new message; true when it did.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean unbindClientMsgId(String serialNo, String clientMsgId, Instant boundSince) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("update outbound_message set client_msg_id = null"
                    + " where serial_no = ? and client_msg_id = ? and created_at < ?")) {
                ps.setString(1, serialNo);
                ps.setString(2, clientMsgId);
                ps.setTimestamp(3, Timestamp.from(boundSince));
                return ps.executeUpdate() == 1;
            }
        });
    }

    public Optional<StoredMessage> find(String serialNo) {
        return one("select " + COLUMNS + " from outbound_message where serial_no = ?", serialNo);
    }

    /** The robot's unfinished messages accepted before this one (queueCount). */
    public int ahead(String robot, long seq) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("select count(*) from outbound_message"
                    + " where robot_serial_no = ? and state in (0, 1) and seq < ?")) {
                ps.setString(1, robot);
                ps.setLong(2, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    // --- dispatching -----------------------------------------------------------------------------------------

    /**
     * Claims up to {@code limit} robots that are due — queued work, nothing in flight, {@code next_dispatch_at}
     * passed — locking their queue rows ({@code SKIP LOCKED}: rows another replica or an accept holds are left to
     * them), each with the head of its queue (null when the count was wrong and nothing is queued).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Claim> claimDue(int limit) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("with due as (select robot_serial_no, merchant_id, protocol,"
                    + " device_no, phone, robot_user_id from robot_queue"
                    + " where pending > 0 and in_flight_serial is null and next_dispatch_at <= now()"
                    + " order by next_dispatch_at limit ? for update skip locked)"
                    + " select d.robot_serial_no, d.merchant_id, d.protocol, d.device_no, d.phone, d.robot_user_id, h.*"
                    + " from due d left join lateral (select " + COLUMNS + " from outbound_message m"
                    + " where m.robot_serial_no = d.robot_serial_no and m.state = 0 order by m.seq limit 1) h on true")) {
                ps.setInt(1, limit);
                List<Claim> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Reach r = new Reach(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6));
                        out.add(new Claim(r, rs.getString(7) == null ? null : message(rs, 7)));
                    }
                }
                return out;
            }
        });
    }

    /** A claimed robot whose count said "queued" but has nothing queued: the count is put right. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void clearPending(String robot) {
        update("update robot_queue set pending = 0 where robot_serial_no = ?", robot);
    }

    /**
     * The head becomes DISPATCHED with its deadline, and the robot's in-flight message; returns the deadline.
     * {@code groupInfo} is the JSON text sent with the command, or null.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Instant markDispatched(String robot, String serialNo, long timeoutMs, String groupInfo) {
        return run(c -> {
            Instant deadline;
            try (PreparedStatement ps = c.prepareStatement("update outbound_message set state = 1,"
                    + " dispatched_at = now(), deadline_at = now() + ? * interval '1 millisecond',"
                    + " group_info = coalesce(?::jsonb, group_info) where serial_no = ? and state = 0"
                    + " returning deadline_at")) {
                ps.setLong(1, timeoutMs);
                ps.setString(2, groupInfo);
                ps.setString(3, serialNo);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("message " + serialNo + " is no longer queued");
                    }
                    deadline = rs.getTimestamp(1).toInstant();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("update robot_queue set in_flight_serial = ?,"
                    + " in_flight_deadline = ?, pending = greatest(pending - 1, 0), updated_at = now()"
                    + " where robot_serial_no = ?")) {
                ps.setString(1, serialNo);
                ps.setTimestamp(2, Timestamp.from(deadline));
                ps.setString(3, robot);
                ps.executeUpdate();
            }
            return deadline;
        });
    }

    /**
     * The link info the newest SENT message of the robot to this group came back with (LINE devices return it in a
     * send result), or null: used when group-service has none.
     */
    public String lastGroupInfo(String robot, String groupId) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("select group_info::text from outbound_message"
                    + " where target_id = ? and robot_serial_no = ? and target_kind = 'G' and state = 2"
                    + " and group_info is not null order by created_at desc, seq desc limit 1")) {
                ps.setString(1, groupId);
                ps.setString(2, robot);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    // --- results ---------------------------------------------------------------------------------------------

    /** Locks the robot's queue row (lock order: queue first); empty when the robot has none. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<RobotQueue> lockQueue(String robot) {
        return queue(robot, true);
    }

    /** Locks the message row (after its robot's queue row). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<StoredMessage> lockMessage(String serialNo) {
        return one("select " + COLUMNS + " from outbound_message where serial_no = ? for update", serialNo);
    }

    /** DISPATCHED → SENT with the messenger's id and the link info the result returned (kept when it has none). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void markSent(String serialNo, String messengerMsgId, String groupInfo) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("update outbound_message set state = 2, finished_at = now(),"
                    + " messenger_msg_id = ?, group_info = coalesce(?::jsonb, group_info) where serial_no = ?")) {
                ps.setString(1, messengerMsgId);
                ps.setString(2, groupInfo);
                ps.setString(3, serialNo);
                return ps.executeUpdate();
            }
        });
    }

    /** → FAILED with the reason. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void markFailed(String serialNo, String reason) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("update outbound_message set state = 3, finished_at = now(),"
                    + " reason = ? where serial_no = ?")) {
                ps.setString(1, reason);
                ps.setString(2, serialNo);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * The robot's in-flight message is done: the next may go after {@code max(interval, afterSleepMs)} from now
     * (the robot's own interval, else {@code defaultIntervalMs}). Nothing happens unless {@code serialNo} is the
     * one in flight.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean release(String robot, String serialNo, int afterSleepMs, long defaultIntervalMs) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("update robot_queue set in_flight_serial = null,"
                    + " in_flight_deadline = null, next_dispatch_at = now()"
                    + " + greatest(coalesce(interval_ms, ?), ?) * interval '1 millisecond', updated_at = now()"
                    + " where robot_serial_no = ? and in_flight_serial = ?")) {
                ps.setLong(1, defaultIntervalMs);
                ps.setInt(2, afterSleepMs);
                ps.setString(3, robot);
                ps.setString(4, serialNo);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Robots whose in-flight message is past its deadline by {@code graceMs} without a result, locked
     * ({@code SKIP LOCKED}: one a result is being applied to right now is left alone).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<RobotQueue> claimOverdue(long graceMs, int limit) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + QUEUE_COLUMNS + " from robot_queue"
                    + " where in_flight_serial is not null"
                    + " and in_flight_deadline < now() - ? * interval '1 millisecond'"
                    + " order by in_flight_deadline limit ? for update skip locked")) {
                ps.setLong(1, graceMs);
                ps.setInt(2, limit);
                List<RobotQueue> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(queue(rs));
                    }
                }
                return out;
            }
        });
    }

    // --- admin -----------------------------------------------------------------------------------------------

    public Optional<RobotQueue> queue(String robot) {
        return queue(robot, false);
    }

    /** Sets (or with null clears) the robot's own pacing interval; creates its queue row if it has none yet. */
    @Transactional(Transactional.TxType.MANDATORY)
    public RobotQueue setInterval(String robot, Integer intervalMs) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into robot_queue (robot_serial_no, interval_ms)"
                    + " values (?, ?) on conflict (robot_serial_no) do update set interval_ms = excluded.interval_ms,"
                    + " updated_at = now()")) {
                ps.setString(1, robot);
                if (intervalMs == null) {
                    ps.setNull(2, Types.INTEGER);
                } else {
                    ps.setInt(2, intervalMs);
                }
                return ps.executeUpdate();
            }
        });
        return queue(robot).orElseThrow();
    }

    /** A page of messages, newest first (keyset on created_at, seq). */
    public List<StoredMessage> page(Filter f, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from outbound_message where true");
        List<Object> args = new ArrayList<>();
        if (f.robotSerialNo() != null) {
            sql.append(" and robot_serial_no = ?");
            args.add(f.robotSerialNo());
        }
        if (f.targetId() != null) {
            sql.append(" and target_id = ?");
            args.add(f.targetId());
        }
        if (f.state() != null) {
            // A literal (from the enum), so the planner can use the partial index of the rare states.
            sql.append(" and state = ").append(f.state().code());
        }
        if (f.from() != null) {
            sql.append(" and created_at >= ?");
            args.add(Timestamp.from(f.from()));
        }
        if (f.to() != null) {
            sql.append(" and created_at < ?");
            args.add(Timestamp.from(f.to()));
        }
        if (f.afterCreatedAt() != null && f.afterSeq() != null) {
            sql.append(" and (created_at, seq) < (?, ?)");
            args.add(Timestamp.from(f.afterCreatedAt()));
            args.add(f.afterSeq());
        }
        sql.append(" order by created_at desc, seq desc limit ?");
        args.add(limit);
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                bind(ps, args.toArray());
                List<StoredMessage> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(message(rs, 1));
                    }
                }
                return out;
            }
        });
    }

    // --- retention -------------------------------------------------------------------------------------------

    /** Deletes up to {@code batch} finished messages accepted before {@code cutoff}, oldest first; returns how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int deleteFinished(Instant cutoff, int batch) {
        return run(c -> {
            // "= any(array(...))": the batch is found along the created_at index and deleted by primary key (an
            // "in (subquery)" is planned as a hash join over the whole table).
            try (PreparedStatement ps = c.prepareStatement("delete from outbound_message where serial_no = any(array("
                    + "select serial_no from outbound_message where created_at < ? and state in (2, 3)"
                    + " order by created_at, seq limit ?))")) {
                ps.setTimestamp(1, Timestamp.from(cutoff));
                ps.setInt(2, batch);
                return ps.executeUpdate();
            }
        });
    }

    // --- plumbing --------------------------------------------------------------------------------------------

    private Optional<RobotQueue> queue(String robot, boolean lock) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + QUEUE_COLUMNS
                    + " from robot_queue where robot_serial_no = ?" + (lock ? " for update" : ""))) {
                ps.setString(1, robot);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(queue(rs)) : Optional.empty();
                }
            }
        });
    }

    private static RobotQueue queue(ResultSet rs) throws SQLException {
        int interval = rs.getInt(11);
        Integer intervalMs = rs.wasNull() ? null : interval;
        return new RobotQueue(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getInt(7), rs.getString(8), instant(rs.getTimestamp(9)),
                instant(rs.getTimestamp(10)), intervalMs);
    }

    private Optional<StoredMessage> one(String sql, Object... args) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(message(rs, 1)) : Optional.empty();
                }
            }
        });
    }

    /** A message read from {@link #COLUMNS} starting at column {@code at}. */
    private static StoredMessage message(ResultSet rs, int at) throws SQLException {
        int i = at;
        return new StoredMessage(rs.getString(i++), rs.getLong(i++), rs.getString(i++), rs.getString(i++),
                TargetKind.ofCode(rs.getString(i++)), rs.getString(i++), rs.getInt(i++), rs.getString(i++),
                rs.getInt(i++), rs.getInt(i++), rs.getString(i++), rs.getString(i++), MessageState.of(rs.getInt(i++)),
                rs.getString(i++), rs.getString(i++), rs.getString(i++), instant(rs.getTimestamp(i++)),
                instant(rs.getTimestamp(i++)), instant(rs.getTimestamp(i++)), instant(rs.getTimestamp(i)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private void update(String sql, Object... args) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                return ps.executeUpdate();
            }
        });
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    <T> T run(Jdbc.Work<T> work) {
        return Jdbc.run(ds, "message store", work);
    }
}
