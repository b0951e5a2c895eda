package io.switchboard.callback.command;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads and writes {@code command} rows; every method runs in the caller's transaction. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class CommandStore {
    @Inject
    EntityManager em;

    /** Inserts the command unless one with its serial exists (a re-sent request); true when inserted. */
    public boolean insertIfAbsent(CommandRecord c) {
        int n = em.createNativeQuery("""
                        insert into command (serial_no, merchant_id, robot_serial_no, device_no, protocol, operation, cmd,
                                             phone, content_enc, status, reason, created_at, deadline_at, completed_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                        on conflict (serial_no) do nothing""")
                .setParameter(1, c.serialNo)
                .setParameter(2, c.merchantId)
                .setParameter(3, c.robotSerialNo)
                .setParameter(4, c.deviceNo)
                .setParameter(5, c.protocol)
                .setParameter(6, c.operation)
                .setParameter(7, c.cmd)
                .setParameter(8, c.phone)
                .setParameter(9, c.contentEnc)
                .setParameter(10, c.status.name())
                .setParameter(11, c.reason)
                .setParameter(12, c.createdAt)
                .setParameter(13, c.deadlineAt)
                .setParameter(14, c.completedAt)
                .executeUpdate();
        return n == 1;
    }

    public Optional<CommandRecord> find(String serialNo) {
        return em.createQuery("from CommandRecord where serialNo = :s", CommandRecord.class)
                .setParameter("s", serialNo).getResultStream().findFirst();
    }

    /** The command, locked until commit: results and the deadline sweeper must not finish it twice. */
    public Optional<CommandRecord> lock(String serialNo) {
        return em.createQuery("from CommandRecord where serialNo = :s", CommandRecord.class)
                .setParameter("s", serialNo).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst();
    }

    /** The device's commands not yet pushed, oldest first. */
    public List<CommandRecord> pendingFor(String deviceNo, int limit) {
        return em.createQuery("from CommandRecord where deviceNo = :d and status = :s order by seq", CommandRecord.class)
                .setParameter("d", deviceNo).setParameter("s", CommandStatus.PENDING)
                .setMaxResults(limit).getResultList();
    }

    /** PENDING → PUSHED; false when the command moved on meanwhile (timed out, or pushed by a racing flush). */
    public boolean markPushed(String serialNo) {
        return em.createQuery("update CommandRecord set status = :to, pushedAt = :now where serialNo = :s and status = :from")
                .setParameter("to", CommandStatus.PUSHED).setParameter("now", Instant.now())
                .setParameter("s", serialNo).setParameter("from", CommandStatus.PENDING)
                .executeUpdate() == 1;
    }

    /** Unfinished commands past their deadline, locked; SKIP LOCKED lets replicas sweep side by side. */
    @SuppressWarnings("unchecked")
    public List<CommandRecord> lockOverdue(int limit) {
        return em.createNativeQuery("""
                        select * from command where status in ('PENDING', 'PUSHED') and deadline_at < now()
                        order by deadline_at limit ?1 for update skip locked""", CommandRecord.class)
                .setParameter(1, limit).getResultList();
    }

    /** Finishes a command (content dropped: its secrets are no longer needed); false if it was finished already. */
    public boolean finish(CommandRecord c, CommandStatus to, String reason, String resultJson) {
        if (c.status.terminal()) {
            return false;
        }
        c.status = to;
        c.reason = reason;
        c.result = resultJson;
        c.completedAt = Instant.now();
        c.contentEnc = null;
        return true;
    }

    /** The robot of this merchant's command {@code serialNo}, if there is one (devices may send a login serial as robot). */
    /**
     * The robot a robot-serial_no header names: the header itself, or, when it is a login serial, that login's
     * robot. Cached because heartbeats ask it on every beat and the answer never changes (a command's robot is
     * fixed, and command serials are platform UUIDs that no robot serial collides with).
     */
    @io.quarkus.cache.CacheResult(cacheName = "robot-of-header")
    public String robotOfHeader(String merchantId, String header) {
        return robotOfCommand(merchantId, header).orElse(header);
    }

    public Optional<String> robotOfCommand(String merchantId, String serialNo) {
        return em.createQuery("select robotSerialNo from CommandRecord where serialNo = :s and merchantId = :m",
                        String.class)
                .setParameter("s", serialNo).setParameter("m", merchantId)
                .getResultStream().filter(r -> r != null).findFirst();
    }

    /** Admin search, newest first; null filters are ignored. */
    public List<CommandRecord> search(String robotSerialNo, String deviceNo, CommandStatus status, int limit) {
        StringBuilder q = new StringBuilder("from CommandRecord where 1 = 1");
        if (robotSerialNo != null) {
            q.append(" and robotSerialNo = :r");
        }
        if (deviceNo != null) {
            q.append(" and deviceNo = :d");
        }
        if (status != null) {
            q.append(" and status = :s");
        }
        var query = em.createQuery(q.append(" order by seq desc").toString(), CommandRecord.class).setMaxResults(limit);
        if (robotSerialNo != null) {
            query.setParameter("r", robotSerialNo);
        }
        if (deviceNo != null) {
            query.setParameter("d", deviceNo);
        }
        if (status != null) {
            query.setParameter("s", status);
        }
        return query.getResultList();
    }
}
