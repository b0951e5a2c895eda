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
                        insert into command (serial_no, merchant_id, robot_serial_no, protocol, link_key, operation,
                                             phone, content_enc, status, reason, created_at, deadline_at, completed_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                        on conflict (serial_no) do nothing""")
                .setParameter(1, c.serialNo)
                .setParameter(2, c.merchantId)
                .setParameter(3, c.robotSerialNo)
                .setParameter(4, c.protocol)
                .setParameter(5, c.linkKey)
                .setParameter(6, c.operation)
                .setParameter(7, c.phone)
                .setParameter(8, c.contentEnc)
                .setParameter(9, c.status.name())
                .setParameter(10, c.reason)
                .setParameter(11, c.createdAt)
                .setParameter(12, c.deadlineAt)
                .setParameter(13, c.completedAt)
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

    /** The link's commands not yet sent, oldest first. */
    public List<CommandRecord> pendingFor(String protocol, String linkKey, int limit) {
        return em.createQuery("from CommandRecord where protocol = :p and linkKey = :k and status = :s order by seq",
                        CommandRecord.class)
                .setParameter("p", protocol).setParameter("k", linkKey).setParameter("s", CommandStatus.PENDING)
                .setMaxResults(limit).getResultList();
    }

    /** How many commands were sent over these links of one protocol and wait for their results. */
    public long countPushed(String protocol, List<String> linkKeys) {
        return em.createQuery("select count(c) from CommandRecord c where c.protocol = :p and c.linkKey in :k "
                        + "and c.status = :s", Long.class)
                .setParameter("p", protocol).setParameter("k", linkKeys).setParameter("s", CommandStatus.PUSHED)
                .getSingleResult();
    }

    /** Links with commands waiting since before {@code olderThan} (the periodic re-dispatch's scan). */
    @SuppressWarnings("unchecked")
    public List<Object[]> linksWithPending(Instant olderThan, int limit) {
        return em.createNativeQuery("""
                        select protocol, link_key from command where status = 'PENDING' and created_at < ?1
                        group by protocol, link_key limit ?2""")
                .setParameter(1, olderThan).setParameter(2, limit).getResultList();
    }

    /**
     * PENDING → PUSHED with the driver's correlation id; false when the command moved on meanwhile (timed out, or
     * pushed by a racing flush).
     */
    public boolean markPushed(String serialNo, String correlationId) {
        return em.createQuery("""
                        update CommandRecord set status = :to, pushedAt = :now, correlationId = :c
                        where serialNo = :s and status = :from""")
                .setParameter("to", CommandStatus.PUSHED).setParameter("now", Instant.now())
                .setParameter("c", correlationId)
                .setParameter("s", serialNo).setParameter("from", CommandStatus.PENDING)
                .executeUpdate() == 1;
    }

    /** PUSHED → PENDING: the send failed, so the command waits for the link again. */
    public boolean unmarkPushed(String serialNo) {
        return em.createQuery("""
                        update CommandRecord set status = :to, pushedAt = null, correlationId = null
                        where serialNo = :s and status = :from""")
                .setParameter("to", CommandStatus.PENDING).setParameter("s", serialNo)
                .setParameter("from", CommandStatus.PUSHED)
                .executeUpdate() == 1;
    }

    /** The link's commands sent and waiting for their results, oldest first, locked until commit. */
    public List<CommandRecord> lockPushedFor(String protocol, String linkKey) {
        return em.createQuery("from CommandRecord where protocol = :p and linkKey = :k and status = :s order by seq",
                        CommandRecord.class)
                .setParameter("p", protocol).setParameter("k", linkKey).setParameter("s", CommandStatus.PUSHED)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    }

    /** The command a link's result names by the driver's correlation id. */
    public Optional<CommandRecord> findByCorrelation(String protocol, String linkKey, String correlationId) {
        return em.createQuery("from CommandRecord where protocol = :p and linkKey = :k and correlationId = :c",
                        CommandRecord.class)
                .setParameter("p", protocol).setParameter("k", linkKey).setParameter("c", correlationId)
                .getResultStream().findFirst();
    }

    /** The command a link's result names by the driver's correlation id, locked until commit. */
    public Optional<CommandRecord> lockByCorrelation(String protocol, String linkKey, String correlationId) {
        return em.createQuery("from CommandRecord where protocol = :p and linkKey = :k and correlationId = :c",
                        CommandRecord.class)
                .setParameter("p", protocol).setParameter("k", linkKey).setParameter("c", correlationId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream().findFirst();
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

    /** Admin search, newest first; null filters are ignored. */
    public List<CommandRecord> search(String robotSerialNo, String linkKey, CommandStatus status, int limit) {
        StringBuilder q = new StringBuilder("from CommandRecord where 1 = 1");
        if (robotSerialNo != null) {
            q.append(" and robotSerialNo = :r");
        }
        if (linkKey != null) {
            q.append(" and linkKey = :d");
        }
        if (status != null) {
            q.append(" and status = :s");
        }
        var query = em.createQuery(q.append(" order by seq desc").toString(), CommandRecord.class).setMaxResults(limit);
        if (robotSerialNo != null) {
            query.setParameter("r", robotSerialNo);
        }
        if (linkKey != null) {
            query.setParameter("d", linkKey);
        }
        if (status != null) {
            query.setParameter("s", status);
        }
        return query.getResultList();
    }
}
