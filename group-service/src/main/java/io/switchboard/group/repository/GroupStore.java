package io.switchboard.group.repository;

import io.switchboard.common.db.Jdbc;
import io.switchboard.common.event.ListParts;
import io.switchboard.common.event.ListProgress;
import io.switchboard.group.config.GroupConfig;
import io.switchboard.group.model.GroupRecord;
import io.switchboard.group.model.StoredGroup;
import io.switchboard.group.model.StoredMember;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The groups and members of each robot, in plain SQL. Writes are set-based: a whole result (500 groups of 500
 * members) is upserted with a few {@code INSERT … SELECT FROM unnest(arrays) ON CONFLICT} statements of up to
 * {@link GroupConfig#batchRows()} rows each, never one round trip per row. Runs on the caller's transaction (the
 * datasource enlists the connection), so a result, its webhook and the consumer's dedup record commit together.
 * "Not seen in this result" (a group's members) is {@code updated_at < now()}: {@code now()} is the transaction's
 * start, and every row this transaction wrote carries exactly that time. A group list may come in parts, each its own
 * transaction, so the groups it did not name are found by the list's serial instead ({@link #markLeftBefore}).
 */
@ApplicationScoped
public class GroupStore {
    private static final String GROUP_COLUMNS = "robot_serial_no, group_id, merchant_id, name, group_key, group_tag_b, "
            + "owner_tag_b, str_data, owner_user_id, create_time, notice, picture_url, member_count, left_at, updated_at, "
            + "mute_all, join_by_url, notifications, robot_nickname";

    /** The parts of each complete list in progress (V3). */
    private static final String LISTS = "group_list";

    @Inject
    DataSource ds;
    @Inject
    GroupConfig config;

    /**
     * Inserts or updates the groups (a value the event does not give keeps the stored one). {@code present}: the
     * result says the robot is in these groups (a list, a creation, a push), so a "left" mark is cleared.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void upsertGroups(String merchantId, String robot, Collection<GroupRecord> groups, boolean present) {
        upsertGroups(merchantId, robot, groups, present, null);
    }

    /**
     * As {@link #upsertGroups(String, String, Collection, boolean)}, for a part of the complete list
     * {@code listSerialNo}: each group is tagged with the list (unless a newer list named it already), which
     * {@link #markLeftBefore} reads.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void upsertGroups(String merchantId, String robot, Collection<GroupRecord> groups, boolean present,
                             String listSerialNo) {
        String sql = "insert into chat_group as g (robot_serial_no, group_id, merchant_id, name, group_key, group_tag_b,"
                + " owner_tag_b, str_data, owner_user_id, create_time, notice, member_count, left_at, updated_at,"
                + " listed_serial_no)"
                + " select ?, u.group_id, ?, u.name, u.group_key, u.group_tag_b, u.owner_tag_b, u.str_data,"
                + " u.owner_user_id, u.create_time, u.notice, u.member_count, null, now(), ?::varchar"
                + " from unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::text[],"
                + " ?::bigint[], ?::text[], ?::int[]) as u(group_id, name, group_key, group_tag_b, owner_tag_b, str_data,"
                + " owner_user_id, create_time, notice, member_count)"
                + " on conflict (robot_serial_no, group_id) do update set merchant_id = excluded.merchant_id,"
                + " name = coalesce(excluded.name, g.name), group_key = coalesce(excluded.group_key, g.group_key),"
                + " group_tag_b = coalesce(excluded.group_tag_b, g.group_tag_b),"
                + " owner_tag_b = coalesce(excluded.owner_tag_b, g.owner_tag_b),"
                + " str_data = coalesce(excluded.str_data, g.str_data),"
                + " owner_user_id = coalesce(excluded.owner_user_id, g.owner_user_id),"
                + " create_time = coalesce(excluded.create_time, g.create_time),"
                + " notice = coalesce(excluded.notice, g.notice),"
                + " member_count = coalesce(excluded.member_count, g.member_count),"
                + " left_at = " + (present ? "null" : "g.left_at") + ", updated_at = now(),"
                // the newest list that named the group (greatest ignores null: other events keep the tag)
                + " listed_serial_no = greatest(g.listed_serial_no, excluded.listed_serial_no)";
        List<GroupRecord> all = new ArrayList<>(groups);
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int from = 0; from < all.size(); from += config.batchRows()) {
                    List<GroupRecord> chunk = all.subList(from, Math.min(all.size(), from + config.batchRows()));
                    int n = chunk.size();
                    String[] id = new String[n], name = new String[n], key = new String[n], str = new String[n],
                            owner = new String[n], notice = new String[n];
                    Long[] tag = new Long[n], ownerTag = new Long[n], created = new Long[n];
                    Integer[] count = new Integer[n];
                    for (int i = 0; i < n; i++) {
                        GroupRecord g = chunk.get(i);
                        id[i] = g.groupId();
                        name[i] = g.groupName();
                        key[i] = g.groupKey();
                        tag[i] = g.groupTagB();
                        ownerTag[i] = g.ownerTagB();
                        str[i] = g.strData();
                        owner[i] = g.ownerUserId();
                        created[i] = g.createTime();
                        notice[i] = g.notice();
                        count[i] = g.memberCount() != null ? g.memberCount()
                                : g.members() != null ? Integer.valueOf(g.members().size()) : null;
                    }
                    int p = 1;
                    ps.setString(p++, robot);
                    ps.setString(p++, merchantId);
                    ps.setString(p++, listSerialNo);
                    ps.setArray(p++, c.createArrayOf("text", id));
                    ps.setArray(p++, c.createArrayOf("text", name));
                    ps.setArray(p++, c.createArrayOf("text", key));
                    ps.setArray(p++, c.createArrayOf("bigint", tag));
                    ps.setArray(p++, c.createArrayOf("bigint", ownerTag));
                    ps.setArray(p++, c.createArrayOf("text", str));
                    ps.setArray(p++, c.createArrayOf("text", owner));
                    ps.setArray(p++, c.createArrayOf("bigint", created));
                    ps.setArray(p++, c.createArrayOf("text", notice));
                    ps.setArray(p, c.createArrayOf("int", count));
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /**
     * Makes the listed members the groups' members: upserts them (join time kept when the result has none) and
     * marks the groups' other members left. Only groups whose result listed members are passed here.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replaceMembers(String robot, Collection<GroupRecord> groups) {
        List<String> groupIds = groups.stream().map(GroupRecord::groupId).toList();
        if (groupIds.isEmpty()) {
            return;
        }
        List<String[]> rows = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (GroupRecord g : groups) {
            Map<String, Long> unique = new LinkedHashMap<>();
            for (GroupRecord.Member m : g.members()) {
                unique.put(m.userId(), m.joinTime());
            }
            unique.forEach((user, time) -> {
                rows.add(new String[] {g.groupId(), user});
                times.add(time);
            });
        }
        upsertMembers(robot, rows, times);
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("update group_member set left_at = now(), updated_at = now()"
                    + " where robot_serial_no = ? and group_id = any(?::text[]) and left_at is null and updated_at < now()")) {
                ps.setString(1, robot);
                ps.setArray(2, c.createArrayOf("text", groupIds.toArray(String[]::new)));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Adds members to one group (an invitation's result); the group's member count follows the store. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addMembers(String robot, String groupId, List<String> userIds, long joinTime) {
        List<String[]> rows = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (String u : new java.util.LinkedHashSet<>(userIds)) {
            rows.add(new String[] {groupId, u});
            times.add(joinTime);
        }
        upsertMembers(robot, rows, times);
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("update chat_group g set member_count = (select count(*)"
                    + " from group_member m where m.robot_serial_no = g.robot_serial_no and m.group_id = g.group_id"
                    + " and m.left_at is null), updated_at = now() where robot_serial_no = ? and group_id = ?")) {
                ps.setString(1, robot);
                ps.setString(2, groupId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private void upsertMembers(String robot, List<String[]> rows, List<Long> times) {
        String sql = "insert into group_member as m (robot_serial_no, group_id, user_id, join_time, left_at, updated_at)"
                + " select ?, u.group_id, u.user_id, u.join_time, null, now()"
                + " from unnest(?::text[], ?::text[], ?::bigint[]) as u(group_id, user_id, join_time)"
                + " on conflict (robot_serial_no, group_id, user_id) do update set"
                + " join_time = coalesce(excluded.join_time, m.join_time), left_at = null, updated_at = now()";
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int from = 0; from < rows.size(); from += config.batchRows()) {
                    int to = Math.min(rows.size(), from + config.batchRows());
                    int n = to - from;
                    String[] group = new String[n], user = new String[n];
                    Long[] time = new Long[n];
                    for (int i = 0; i < n; i++) {
                        group[i] = rows.get(from + i)[0];
                        user[i] = rows.get(from + i)[1];
                        time[i] = times.get(from + i);
                    }
                    ps.setString(1, robot);
                    ps.setArray(2, c.createArrayOf("text", group));
                    ps.setArray(3, c.createArrayOf("text", user));
                    ps.setArray(4, c.createArrayOf("bigint", time));
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /**
     * After every part of the complete list {@code listSerialNo} is stored: the robot's groups that no part named
     * (their tag is older than the list, or they have none) are marked left (kept, not deleted), in one statement.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int markLeftBefore(String robot, String listSerialNo) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("update chat_group set left_at = now(), updated_at = now()"
                    + " where robot_serial_no = ? and left_at is null"
                    + " and (listed_serial_no is null or listed_serial_no < ?)")) {
                ps.setString(1, robot);
                ps.setString(2, listSerialNo);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Serialises the robot's list parts until the transaction ends (an advisory lock: group-service has no robot row
     * to lock), so counting a list's parts and marking what it lacks never race another part on another replica.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockLists(String robot) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock(hashtext('group_list'),"
                    + " hashtext(?))")) {
                ps.setString(1, robot);
                ps.execute();
            }
            return null;
        });
    }

    /** The robot's list {@code listSerialNo} is older than a list already complete: its parts are stale. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean listSuperseded(String robot, String listSerialNo) {
        return run(c -> ListProgress.superseded(c, LISTS, robot, listSerialNo));
    }

    /** Counts {@code part} of the list; true when it was the last one missing ({@link ListProgress#stored}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean listPartStored(String robot, String listSerialNo, ListParts.Part part) {
        return run(c -> ListProgress.stored(c, LISTS, robot, listSerialNo, part));
    }

    /** The robot left the group. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void markLeft(String merchantId, String robot, String groupId) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into chat_group (robot_serial_no, group_id,"
                    + " merchant_id, left_at, updated_at) values (?, ?, ?, now(), now()) on conflict (robot_serial_no,"
                    + " group_id) do update set left_at = coalesce(chat_group.left_at, now()), updated_at = now()")) {
                ps.setString(1, robot);
                ps.setString(2, groupId);
                ps.setString(3, merchantId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** What an updateGroup result changed; null: unchanged. */
    public record Changes(String name, String notice, String pictureUrl, Boolean muteAll, Boolean joinByUrl,
                          Boolean notifications, String robotNickname) {}

    /** An updateGroup result: the stored fields and settings it changed (null: unchanged). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applyChanges(String merchantId, String robot, String groupId, Changes ch) {
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into chat_group as g (robot_serial_no, group_id,"
                    + " merchant_id, name, notice, picture_url, mute_all, join_by_url, notifications, robot_nickname,"
                    + " updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())"
                    + " on conflict (robot_serial_no, group_id) do update set name = coalesce(excluded.name, g.name),"
                    + " notice = coalesce(excluded.notice, g.notice),"
                    + " picture_url = coalesce(excluded.picture_url, g.picture_url),"
                    + " mute_all = coalesce(excluded.mute_all, g.mute_all),"
                    + " join_by_url = coalesce(excluded.join_by_url, g.join_by_url),"
                    + " notifications = coalesce(excluded.notifications, g.notifications),"
                    + " robot_nickname = coalesce(excluded.robot_nickname, g.robot_nickname), updated_at = now()")) {
                ps.setString(1, robot);
                ps.setString(2, groupId);
                ps.setString(3, merchantId);
                ps.setString(4, ch.name());
                ps.setString(5, ch.notice());
                ps.setString(6, ch.pictureUrl());
                ps.setObject(7, ch.muteAll());
                ps.setObject(8, ch.joinByUrl());
                ps.setObject(9, ch.notifications());
                ps.setString(10, ch.robotNickname());
                ps.executeUpdate();
            }
            return null;
        });
    }

    // Reads.

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<StoredGroup> find(String robot, String groupId) {
        List<StoredGroup> one = groups("robot_serial_no = ? and group_id = ?", List.of(robot, groupId), 1);
        return one.stream().findFirst();
    }

    /** The robot's stored groups among {@code groupIds}, by group id. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, StoredGroup> findAll(String robot, Collection<String> groupIds) {
        Map<String, StoredGroup> out = new LinkedHashMap<>();
        if (groupIds.isEmpty()) {
            return out;
        }
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + GROUP_COLUMNS + " from chat_group"
                    + " where robot_serial_no = ? and group_id = any(?::text[])")) {
                ps.setString(1, robot);
                ps.setArray(2, c.createArrayOf("text", groupIds.toArray(String[]::new)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StoredGroup g = group(rs);
                        out.put(g.groupId(), g);
                    }
                }
            }
            return null;
        });
        return out;
    }

    /** One page of the groups a robot is in, by group id after {@code afterGroupId} (null: from the start). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StoredGroup> page(String robot, String afterGroupId, int limit) {
        return groups("robot_serial_no = ? and left_at is null and group_id > ?",
                List.of(robot, afterGroupId == null ? "" : afterGroupId), limit);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long count(String robot, boolean withLeft) {
        return count("robot_serial_no = ?" + (withLeft ? "" : " and left_at is null"), List.of(robot));
    }

    /**
     * Admin: every group, or one robot's, or one merchant's, left ones included, by (robot, group id) after the
     * given pair (null: from the start).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StoredGroup> adminPage(String robot, String merchantId, String afterRobot, String afterGroupId,
                                       int limit) {
        Filter f = adminFilter(robot, merchantId);
        List<String> args = new ArrayList<>(f.args);
        String where = f.where;
        if (afterRobot != null) {
            where += " and (robot_serial_no, group_id) > (?, ?)";
            args.add(afterRobot);
            args.add(afterGroupId);
        }
        return groups(where, args, limit);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long adminCount(String robot, String merchantId) {
        Filter f = adminFilter(robot, merchantId);
        return count(f.where, f.args);
    }

    private record Filter(String where, List<String> args) {}

    private static Filter adminFilter(String robot, String merchantId) {
        List<String> clauses = new ArrayList<>();
        List<String> args = new ArrayList<>();
        if (robot != null) {
            clauses.add("robot_serial_no = ?");
            args.add(robot);
        }
        if (merchantId != null) {
            clauses.add("merchant_id = ?");
            args.add(merchantId);
        }
        return new Filter(clauses.isEmpty() ? "true" : String.join(" and ", clauses), args);
    }

    /** The current members of these groups, by group id (in join order). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, List<StoredMember>> currentMembers(String robot, Collection<String> groupIds) {
        Map<String, List<StoredMember>> out = new LinkedHashMap<>();
        if (groupIds.isEmpty()) {
            return out;
        }
        run(c -> {
            try (PreparedStatement ps = c.prepareStatement("select group_id, user_id, join_time, left_at"
                    + " from group_member where robot_serial_no = ? and group_id = any(?::text[]) and left_at is null"
                    + " order by group_id, join_time nulls last, user_id")) {
                ps.setString(1, robot);
                ps.setArray(2, c.createArrayOf("text", groupIds.toArray(String[]::new)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StoredMember m = member(rs);
                        out.computeIfAbsent(m.groupId(), k -> new ArrayList<>()).add(m);
                    }
                }
            }
            return null;
        });
        return out;
    }

    /** Admin: one page of a group's members, those who left included, by user id after {@code afterUserId}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StoredMember> members(String robot, String groupId, String afterUserId, int limit) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("select group_id, user_id, join_time, left_at"
                    + " from group_member where robot_serial_no = ? and group_id = ? and user_id > ?"
                    + " order by user_id limit ?")) {
                ps.setString(1, robot);
                ps.setString(2, groupId);
                ps.setString(3, afterUserId == null ? "" : afterUserId);
                ps.setInt(4, limit);
                List<StoredMember> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(member(rs));
                    }
                }
                return out;
            }
        });
    }

    /** Groups by (robot, group id): keyset pages, so the primary key's index serves them at any depth. */
    private List<StoredGroup> groups(String where, List<String> args, int limit) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + GROUP_COLUMNS + " from chat_group where " + where
                    + " order by robot_serial_no, group_id limit ?")) {
                int p = 1;
                for (String a : args) {
                    ps.setString(p++, a);
                }
                ps.setInt(p, limit);
                List<StoredGroup> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(group(rs));
                    }
                }
                return out;
            }
        });
    }

    private long count(String where, List<String> args) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("select count(*) from chat_group where " + where)) {
                int p = 1;
                for (String a : args) {
                    ps.setString(p++, a);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static StoredGroup group(ResultSet rs) throws SQLException {
        return new StoredGroup(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                (Long) rs.getObject(6), (Long) rs.getObject(7), rs.getString(8), rs.getString(9), (Long) rs.getObject(10),
                rs.getString(11), rs.getString(12), (Integer) rs.getObject(13), instant(rs.getTimestamp(14)),
                instant(rs.getTimestamp(15)), (Boolean) rs.getObject(16), (Boolean) rs.getObject(17),
                (Boolean) rs.getObject(18), rs.getString(19));
    }

    private static StoredMember member(ResultSet rs) throws SQLException {
        return new StoredMember(rs.getString(1), rs.getString(2), (Long) rs.getObject(3), instant(rs.getTimestamp(4)));
    }

    private static java.time.Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private <T> T run(Jdbc.Work<T> work) {
        return Jdbc.run(ds, "group store", work);
    }

}
