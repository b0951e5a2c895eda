package io.switchboard.callback.link;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.common.client.FallbackCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The {@code robot_link} table: written from every stored command (a login says which link and engine a robot uses
 * and that it should be connected; a successful logout that it should not), read by link takeover, by the device
 * callbacks' tenancy check and by presence. Every method runs in the caller's transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class RobotLinks {
    public static final String CONNECTED = "CONNECTED";
    public static final String DISCONNECTED = "DISCONNECTED";

    /** What a driver needs to open an engine link. */
    public record Link(LinkId id, String robotSerialNo, String merchantId, String engineUrl) {}

    @Inject
    EntityManager em;

    private final FallbackCache<String, String> merchants =
            new FallbackCache<>(Duration.ofDays(1), Duration.ZERO, Duration.ofDays(1), 200_000);

    /**
     * Records the robot's link from a command; a login also records its engine URL and that the link should be
     * connected. The merchant is fixed at the first command: a robot never changes merchant.
     */
    public void record(String robotSerialNo, String merchantId, LinkId link, String engineUrl, boolean login) {
        em.createNativeQuery("""
                        insert into robot_link (robot_serial_no, merchant_id, protocol, link_key, engine_url, desired)
                        values (?1, ?2, ?3, ?4, ?5, 'CONNECTED')
                        on conflict (robot_serial_no) do update set protocol = excluded.protocol,
                            link_key = excluded.link_key,
                            engine_url = case when ?6 then excluded.engine_url else robot_link.engine_url end,
                            desired = case when ?6 then 'CONNECTED' else robot_link.desired end,
                            updated_at = now()""")
                .setParameter(1, robotSerialNo).setParameter(2, merchantId).setParameter(3, link.protocol())
                .setParameter(4, link.key()).setParameter(5, engineUrl).setParameter(6, login)
                .executeUpdate();
    }

    public Optional<RobotLink> find(String robotSerialNo) {
        return Optional.ofNullable(em.find(RobotLink.class, robotSerialNo));
    }

    /**
     * The merchant a robot belongs to, or null for a robot this platform never had a command for. Known robots are
     * cached for a day (the answer never changes: a robot never changes merchant); unknown ones are asked again
     * every time, so a robot is known the moment its first command is stored.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public String merchantOf(String robotSerialNo) {
        return merchants.get(robotSerialNo, r -> QuarkusTransaction.joiningExisting().call(() ->
                em.createQuery("select merchantId from RobotLink where robotSerialNo = :r", String.class)
                        .setParameter("r", r).getResultStream().findFirst().orElse(null))).orElse(null);
    }

    /**
     * The link should stay closed (a logout succeeded); engine links of such robots are not taken over, and the
     * robot is no longer seen, so the sweeper cannot report it lost.
     */
    public void disconnected(String robotSerialNo) {
        em.createQuery("update RobotLink set desired = :d, lastSeenAt = null, updatedAt = current_timestamp "
                        + "where robotSerialNo = :r")
                .setParameter("d", DISCONNECTED).setParameter("r", robotSerialNo).executeUpdate();
    }

    /** Marks the robot's heartbeat lost; true only for the call that marked it (the lost report is sent once). */
    public boolean markLost(String robotSerialNo) {
        return em.createQuery("update RobotLink set lostAt = current_timestamp where robotSerialNo = :r and lostAt is null")
                .setParameter("r", robotSerialNo).executeUpdate() == 1;
    }

    /** A login succeeded: the robot is online now, and not lost. */
    public void online(String robotSerialNo) {
        em.createQuery("update RobotLink set lostAt = null, lastSeenAt = current_timestamp where robotSerialNo = :r")
                .setParameter("r", robotSerialNo).executeUpdate();
    }

    /**
     * Robots seen online and not reported lost whose last beat in PostgreSQL is older than {@code cutoff}, oldest
     * first: the sweeper's candidates when Redis may have lost their beats.
     */
    public List<RobotLink> unseenSince(java.time.Instant cutoff, int limit) {
        return em.createQuery("from RobotLink where lostAt is null and lastSeenAt < :c order by lastSeenAt",
                        RobotLink.class).setParameter("c", cutoff).setMaxResults(limit).getResultList();
    }

    /** The row, locked until the caller's transaction ends. */
    public Optional<RobotLink> lock(String robotSerialNo) {
        return Optional.ofNullable(em.find(RobotLink.class, robotSerialNo, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE));
    }

    /** Clears the lost mark; true only for the call that cleared it (the resumed report is sent once). */
    public boolean clearLost(String robotSerialNo) {
        return em.createQuery("update RobotLink set lostAt = null, lastSeenAt = current_timestamp "
                        + "where robotSerialNo = :r and lostAt is not null")
                .setParameter("r", robotSerialNo).executeUpdate() == 1;
    }

    /** Links of these protocols that should be connected (engine takeover), in pages by robot serial. */
    public List<Link> connected(Collection<String> protocols, String afterRobot, int limit) {
        return em.createQuery("""
                        from RobotLink where protocol in :p and desired = :d and robotSerialNo > :after
                        and engineUrl is not null order by robotSerialNo""", RobotLink.class)
                .setParameter("p", protocols).setParameter("d", CONNECTED).setParameter("after", afterRobot)
                .setMaxResults(limit).getResultStream()
                .map(l -> new Link(l.link(), l.robotSerialNo, l.merchantId, l.engineUrl)).toList();
    }

    /** Admin search, by robot serial; null filters are ignored. */
    public List<RobotLink> search(String robotSerialNo, String protocol, String linkKey, int limit) {
        StringBuilder q = new StringBuilder("from RobotLink where 1 = 1");
        if (robotSerialNo != null) {
            q.append(" and robotSerialNo = :r");
        }
        if (protocol != null) {
            q.append(" and protocol = :p");
        }
        if (linkKey != null) {
            q.append(" and linkKey = :k");
        }
        var query = em.createQuery(q.append(" order by robotSerialNo").toString(), RobotLink.class).setMaxResults(limit);
        if (robotSerialNo != null) {
            query.setParameter("r", robotSerialNo);
        }
        if (protocol != null) {
            query.setParameter("p", protocol);
        }
        if (linkKey != null) {
            query.setParameter("k", linkKey);
        }
        return query.getResultList();
    }

    /** The robot whose engine link this is (engine links are keyed by robot), for a driver opening it. */
    public Optional<Link> link(LinkId id) {
        return em.createQuery("from RobotLink where protocol = :p and linkKey = :k", RobotLink.class)
                .setParameter("p", id.protocol()).setParameter("k", id.key()).setMaxResults(1).getResultStream()
                .findFirst().map(l -> new Link(l.link(), l.robotSerialNo, l.merchantId, l.engineUrl));
    }
}
