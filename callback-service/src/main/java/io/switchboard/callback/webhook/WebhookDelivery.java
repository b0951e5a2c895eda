package io.switchboard.callback.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A webhook to deliver to a merchant (table {@code webhook_delivery}, migrations V2 and V4). */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDelivery {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "event_id")
    public UUID eventId;
    @Column(name = "merchant_id")
    public String merchantId;
    @Column(name = "n_type")
    public int nType;
    public String body;
    @Enumerated(EnumType.STRING)
    public DeliveryStatus status;
    public int attempts;
    @Column(name = "schedule_step")
    public int scheduleStep;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "last_status_code")
    public Integer lastStatusCode;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "delivered_at")
    public Instant deliveredAt;
    @Column(name = "dead_at")
    public Instant deadAt;
    /** DEAD because the merchant's endpoint is disabled (410 Gone); re-enabling it queues the delivery again. */
    public boolean parked;
}
