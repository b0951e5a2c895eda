package io.switchboard.message.service;

import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventHandler;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.Streams;
import io.switchboard.message.model.TargetKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * message-service's share of {@code sb:robot-events} (docs/EVENTS.md "What message-service does with robot events"):
 * send results and inbound messages. Everything else — logins, contacts, groups, {@code command.succeeded}, another
 * service's {@code command.failed} — is acknowledged before any database work ({@link #wants}).
 */
@ApplicationScoped
public class MessageEventsConsumer implements EventHandler {
    @Inject
    MessageResults results;
    @Inject
    InboundMessages inbound;

    @Override
    public String stream() {
        return Streams.ROBOT_EVENTS;
    }

    @Override
    public boolean wants(EventEnvelope e) {
        return switch (e.type()) {
            case EventTypes.MESSAGE_SENT, EventTypes.MESSAGE_RECEIVED -> true;
            case EventTypes.COMMAND_FAILED -> e.data() != null
                    && TargetKind.ofOperation(e.data().path("operation").asText()) != null;
            case null, default -> false;
        };
    }

    @Override
    public void handle(EventEnvelope e) {
        if (!wants(e)) {
            return;
        }
        if (e.type().equals(EventTypes.MESSAGE_RECEIVED)) {
            inbound.received(e);
        } else {
            results.apply(e);
        }
    }
}
