package io.switchboard.common.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * Writes an event into this service's {@code outbox_event} table in the caller's transaction, so the event
 * exists exactly when the state change it describes does. {@link OutboxRelay} moves it to Redis after commit.
 */
@ApplicationScoped
public class Outbox {
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;
    @Inject
    Event<OutboxWritten> written;

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String stream, EventEnvelope event) {
        String payload;
        try {
            payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event cannot be serialised", e);
        }
        em.createNativeQuery("insert into outbox_event (event_id, stream, event_type, payload) values (?1, ?2, ?3, ?4)")
                .setParameter(1, UUID.fromString(event.id()))
                .setParameter(2, stream)
                .setParameter(3, event.type())
                .setParameter(4, payload)
                .executeUpdate();
        written.fire(new OutboxWritten(stream));
    }

    /** Fired (after commit, to transactional observers) so the relay runs now instead of at its next tick. */
    public record OutboxWritten(String stream) {}
}
