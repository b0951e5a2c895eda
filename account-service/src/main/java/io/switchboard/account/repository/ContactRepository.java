package io.switchboard.account.repository;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.account.model.Contact;
import io.switchboard.common.event.ListParts;
import io.switchboard.common.event.ListProgress;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;

/**
 * The contacts store (table {@code contact}, V7). Writes are set-based: a chunk of contacts is one
 * {@code INSERT … SELECT FROM unnest(arrays) ON CONFLICT} statement, and the removal marking after a complete list
 * is one {@code UPDATE}, so a robot's 5,000 friends are a handful of round trips, never one per friend. Plain JDBC on
 * the transaction's connection (Hibernate's {@code doWork}): Hibernate cannot bind SQL arrays to a native query
 * portably, and the rows are read into records, not entities.
 */
@ApplicationScoped
public class ContactRepository {
    /** Contacts per upsert statement: 1,000 rows of 8 arrays stay well under PostgreSQL's message limits. */
    public static final int CHUNK = 1000;

    private static final String UPSERT = """
            insert into contact (robot_serial_no, user_id, user_name, phone, avatar_url, preview_parm, un2, un11,
                                 relation, listed_serial_no)
            select ?, u.user_id, u.user_name, u.phone, u.avatar_url, u.preview_parm, u.un2, u.un11, u.relation,
                   ?::varchar
            from unnest(?::varchar[], ?::text[], ?::varchar[], ?::text[], ?::text[], ?::bigint[], ?::int[],
                        ?::varchar[]) as u(user_id, user_name, phone, avatar_url, preview_parm, un2, un11, relation)
            on conflict (robot_serial_no, user_id) do update set
                -- the newest list that named the contact (greatest ignores null: other events keep the tag)
                listed_serial_no = greatest(contact.listed_serial_no, excluded.listed_serial_no),
                user_name    = coalesce(excluded.user_name, contact.user_name),
                phone        = coalesce(excluded.phone, contact.phone),
                avatar_url   = coalesce(excluded.avatar_url, contact.avatar_url),
                preview_parm = coalesce(excluded.preview_parm, contact.preview_parm),
                un2          = coalesce(excluded.un2, contact.un2),
                un11         = coalesce(excluded.un11, contact.un11),
                relation     = excluded.relation,
                removed_at   = null,
                updated_at   = now()
            """;
    /** The parts of each complete list in progress (V9). */
    private static final String LISTS = "contact_list";
    private static final String COLUMNS = "id, robot_serial_no, user_id, user_name, phone, avatar_url, preview_parm, "
            + "un2, un11, relation, first_seen_at, updated_at, removed_at";

    @Inject
    EntityManager em;
    @Inject
    MeterRegistry meters;

    private Counter upsertStatements;
    private Counter removalStatements;

    @PostConstruct
    void meters() {
        // Operators (and the batching test) see how many statements the contact writes took.
        upsertStatements = meters.counter("sb.contacts.write.statements", "kind", "upsert");
        removalStatements = meters.counter("sb.contacts.write.statements", "kind", "removal");
    }

    /**
     * Inserts or updates each contact by (robot, userId); a reappearing friend is no longer removed. Fields a
     * report leaves null keep their stored value (a protocol without LINE's fields must not erase them). The caller
     * passes each userId once (a statement cannot update one row twice).
     */
    public void upsert(String robotSerialNo, List<Contact> contacts) {
        upsert(robotSerialNo, contacts, null);
    }

    /**
     * As {@link #upsert(String, List)}, for a part of the complete list {@code listSerialNo}: each contact is tagged
     * with the list (unless a newer list named it already), which {@link #markRemovedBefore} reads.
     */
    public void upsert(String robotSerialNo, List<Contact> contacts, String listSerialNo) {
        if (contacts.isEmpty()) {
            return;
        }
        session().doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                for (int from = 0; from < contacts.size(); from += CHUNK) {
                    List<Contact> chunk = contacts.subList(from, Math.min(contacts.size(), from + CHUNK));
                    ps.setString(1, robotSerialNo);
                    ps.setString(2, listSerialNo);
                    ps.setArray(3, array(c, "varchar", chunk.stream().map(Contact::userId).toArray()));
                    ps.setArray(4, array(c, "text", chunk.stream().map(Contact::userName).toArray()));
                    ps.setArray(5, array(c, "varchar", chunk.stream().map(Contact::phone).toArray()));
                    ps.setArray(6, array(c, "text", chunk.stream().map(Contact::avatarUrl).toArray()));
                    ps.setArray(7, array(c, "text", chunk.stream().map(Contact::previewParm).toArray()));
                    ps.setArray(8, array(c, "bigint", chunk.stream().map(Contact::un2).toArray()));
                    ps.setArray(9, array(c, "int4", chunk.stream().map(Contact::un11).toArray()));
                    ps.setArray(10, array(c, "varchar", chunk.stream().map(Contact::relation).toArray()));
                    ps.executeUpdate();
                    upsertStatements.increment();
                }
            }
        });
    }

    /**
     * After every part of the complete list {@code listSerialNo} is stored: each current contact of the robot that no
     * part named (its tag is older than the list, or it has none) is marked removed, in one statement.
     */
    public int markRemovedBefore(String robotSerialNo, String listSerialNo) {
        int[] marked = new int[1];
        session().doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("update contact set removed_at = now(), updated_at = now() "
                    + "where robot_serial_no = ? and removed_at is null "
                    + "and (listed_serial_no is null or listed_serial_no < ?)")) {
                ps.setString(1, robotSerialNo);
                ps.setString(2, listSerialNo);
                marked[0] = ps.executeUpdate();
                removalStatements.increment();
            }
        });
        return marked[0];
    }

    /** The robot's list {@code listSerialNo} is older than a list already complete: its parts are stale. */
    public boolean listSuperseded(String robotSerialNo, String listSerialNo) {
        boolean[] out = new boolean[1];
        session().doWork(c -> out[0] = ListProgress.superseded(c, LISTS, robotSerialNo, listSerialNo));
        return out[0];
    }

    /** Counts {@code part} of the list; true when it was the last one missing ({@link ListProgress#stored}). */
    public boolean listPartStored(String robotSerialNo, String listSerialNo, ListParts.Part part) {
        boolean[] out = new boolean[1];
        session().doWork(c -> out[0] = ListProgress.stored(c, LISTS, robotSerialNo, listSerialNo, part));
        return out[0];
    }

    /** A page of the robot's current contacts (not removed), by userId after {@code afterUserId}. */
    public List<Contact> page(String robotSerialNo, String afterUserId, int limit) {
        return query("select " + COLUMNS + " from contact where robot_serial_no = ? and removed_at is null "
                + "and user_id > ? order by user_id limit ?", robotSerialNo, afterUserId == null ? "" : afterUserId, limit);
    }

    public long countCurrent(String robotSerialNo) {
        long[] n = new long[1];
        session().doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "select count(*) from contact where robot_serial_no = ? and removed_at is null")) {
                ps.setString(1, robotSerialNo);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    n[0] = rs.getLong(1);
                }
            }
        });
        return n[0];
    }

    /**
     * The admin view: any robot's contacts by id after {@code afterId}, optionally filtered by robot, by relation,
     * by removed or current, and by {@code q} (a case-insensitive part of the user id, name or phone).
     */
    public List<Contact> search(String robotSerialNo, String q, String relation, Boolean removed, long afterId,
                                int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from contact where id > ?");
        List<Object> args = new ArrayList<>();
        args.add(afterId);
        if (robotSerialNo != null) {
            sql.append(" and robot_serial_no = ?");
            args.add(robotSerialNo);
        }
        if (relation != null) {
            sql.append(" and relation = ?");
            args.add(relation);
        }
        if (removed != null) {
            sql.append(removed ? " and removed_at is not null" : " and removed_at is null");
        }
        if (q != null) {
            // q is matched literally: LIKE's wildcards in it are escaped.
            String like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            sql.append(" and (user_id ilike ? or user_name ilike ? or phone ilike ?)");
            args.add(like);
            args.add(like);
            args.add(like);
        }
        sql.append(" order by id limit ?");
        args.add(limit);
        return query(sql.toString(), args.toArray());
    }

    private List<Contact> query(String sql, Object... args) {
        List<Contact> out = new ArrayList<>();
        session().doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Contact(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), (Long) rs.getObject(8),
                                (Integer) rs.getObject(9), rs.getString(10), instant(rs.getTimestamp(11)),
                                instant(rs.getTimestamp(12)), instant(rs.getTimestamp(13))));
                    }
                }
            }
        });
        return out;
    }

    private Session session() {
        return em.unwrap(Session.class);
    }

    private static Array array(Connection c, String type, Object[] values) throws SQLException {
        return c.createArrayOf(type, values);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
