package io.switchboard.common.event;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * The idempotent half of a consumer: the event id goes into {@code processed_event} in the same transaction as
 * the handler's effects. A redelivered event finds its id there and is skipped.
 */
@ApplicationScoped
public class Inbox {
    @Inject
    EntityManager em;
    @Inject
    javax.sql.DataSource dataSource;

    /** A cheap probe: while the database is down, pending entries are left alone rather than reclaimed. */
    public boolean databaseAvailable() {
        try (java.sql.Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (java.sql.SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Returns true when the handler ran, false when the event had been processed before. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean processOnce(String group, String stream, EventEnvelope event, EventHandler handler) {
        int inserted = em.createNativeQuery("insert into processed_event (event_id, consumer_group, stream) "
                        + "values (?1, ?2, ?3) on conflict do nothing")
                .setParameter(1, UUID.fromString(event.id()))
                .setParameter(2, group)
                .setParameter(3, stream)
                .executeUpdate();
        if (inserted == 0) {
            return false;
        }
        handler.handle(event);
        return true;
    }
}
