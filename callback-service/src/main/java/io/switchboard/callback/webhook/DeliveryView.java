package io.switchboard.callback.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;

/**
 * A delivery as the admin API shows it. {@code body} (the exact JSON sent) and {@code attempts} appear only on
 * the single-delivery view. Nothing here is secret: signatures are computed per attempt and never stored.
 */
public record DeliveryView(long id, String eventId, String merchantId, int nType, DeliveryStatus status,
                           int attemptCount, Instant nextAttemptAt, Integer lastStatusCode, String lastError,
                           Instant createdAt, Instant deliveredAt, boolean parked,
                           @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue String body,
                           @JsonInclude(JsonInclude.Include.NON_NULL) List<AttemptView> attempts) {

    public record AttemptView(int attemptNo, Instant startedAt, long durationMs, Integer statusCode, String error,
                              boolean success) {
        static AttemptView of(WebhookAttempt a) {
            return new AttemptView(a.attemptNo, a.startedAt, a.durationMs, a.statusCode, a.error, a.success);
        }
    }

    /** Answer of a range replay. */
    public record Replayed(int replayed) {}

    static DeliveryView summary(WebhookDelivery d) {
        return new DeliveryView(d.id, d.eventId.toString(), d.merchantId, d.nType, d.status, d.attempts,
                d.nextAttemptAt, d.lastStatusCode, d.lastError, d.createdAt, d.deliveredAt, d.parked, null, null);
    }

    static DeliveryView detail(WebhookDelivery d, List<WebhookAttempt> attempts) {
        return new DeliveryView(d.id, d.eventId.toString(), d.merchantId, d.nType, d.status, d.attempts,
                d.nextAttemptAt, d.lastStatusCode, d.lastError, d.createdAt, d.deliveredAt, d.parked, d.body,
                attempts.stream().map(AttemptView::of).toList());
    }
}
