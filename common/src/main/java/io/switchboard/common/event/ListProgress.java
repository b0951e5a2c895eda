package io.switchboard.common.event;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Counting the parts of a robot's complete list (docs/SOCIAL.md "Lists in parts") in a table of the owning service
 * ({@code contact_list} in account-service, {@code group_list} in group-service), both shaped
 * {@code (robot_serial_no, serial_no collate "C", parts, seen integer[], completed_at, created_at)} with the primary
 * key {@code (robot_serial_no, serial_no)}. Plain JDBC on the caller's transaction's connection. Callers hold a lock
 * that serialises one robot's list events (account-service: the robot row; group-service: an advisory lock), so the
 * count read here is never raced by another part of the same robot.
 */
public final class ListProgress {
    private ListProgress() {}

    /**
     * True when a newer list of the robot (a later serial) is complete already: this list's parts are stale, and
     * writing them would bring back what the newer list says is gone.
     */
    public static boolean superseded(Connection c, String table, String robot, String serial) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select exists (select 1 from " + table
                + " where robot_serial_no = ? and completed_at is not null and serial_no > ?)")) {
            ps.setString(1, robot);
            ps.setString(2, serial);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Records that {@code part} of the list {@code serial} is stored. Returns true exactly once per list: when this
     * call stored its last missing part (a repeated part counts once). The list is then marked complete, and older
     * lists' rows of the robot are dropped (their late parts are recognised by {@link #superseded}).
     */
    public static boolean stored(Connection c, String table, String robot, String serial, ListParts.Part part)
            throws SQLException {
        boolean complete;
        try (PreparedStatement ps = c.prepareStatement("insert into " + table + " as l (robot_serial_no, serial_no,"
                + " parts, seen) values (?, ?, ?, array[?]) on conflict (robot_serial_no, serial_no) do update set"
                + " seen = (select array_agg(distinct x order by x) from unnest(l.seen || excluded.seen) as x)"
                + " returning cardinality(seen) >= parts and completed_at is null")) {
            ps.setString(1, robot);
            ps.setString(2, serial);
            ps.setInt(3, part.parts());
            ps.setInt(4, part.part());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                complete = rs.getBoolean(1);
            }
        }
        if (complete) {
            try (PreparedStatement ps = c.prepareStatement("update " + table + " set completed_at = now()"
                    + " where robot_serial_no = ? and serial_no = ?")) {
                ps.setString(1, robot);
                ps.setString(2, serial);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("delete from " + table
                    + " where robot_serial_no = ? and serial_no < ?")) {
                ps.setString(1, robot);
                ps.setString(2, serial);
                ps.executeUpdate();
            }
        }
        return complete;
    }
}
