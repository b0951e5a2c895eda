package io.switchboard.callback.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One HTTP attempt of a delivery (read side; {@link WebhookDeliveryRepository} writes rows with SQL). */
@Entity
@Table(name = "webhook_attempt")
public class WebhookAttempt {
    @Id
    public Long id;
    @Column(name = "delivery_id")
    public long deliveryId;
    @Column(name = "attempt_no")
    public int attemptNo;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "duration_ms")
    public long durationMs;
    @Column(name = "status_code")
    public Integer statusCode;
    public String error;
    public boolean success;
}
