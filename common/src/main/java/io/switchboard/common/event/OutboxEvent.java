package io.switchboard.common.event;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A row of this service's outbox (read side; {@link Outbox} writes rows with plain SQL in the caller's transaction). */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {
    @Id
    public Long seq;
    @Column(name = "event_id")
    public UUID eventId;
    public String stream;
    @Column(name = "event_type")
    public String eventType;
    public String payload;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "published_at")
    public Instant publishedAt;
}
