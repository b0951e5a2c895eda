package io.switchboard.callback.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.callback.webhook.WebhookDeliveryRepository.AttemptRecord;
import io.switchboard.callback.webhook.WebhookDeliveryRepository.Claimed;
import io.switchboard.callback.webhook.WebhookSender.Outcome;
import io.switchboard.callback.webhook.WebhookSender.Result;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.client.AccountDirectory;
import io.switchboard.common.client.InternalViews.WebhookTarget;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.MerchantNotification;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import io.switchboard.common.config.SwitchboardConfig;
import org.jboss.logging.Logger;

/**
 * The delivery rules: what is queued, where it goes, how an attempt is signed and judged, and what happens
 * next (retry per schedule, dead letter, or wait without charging the merchant an attempt).
 */
@ApplicationScoped
public class WebhookDeliveryService {
    private static final Logger LOG = Logger.getLogger(WebhookDeliveryService.class);

    /** Fired in the transaction that queued a delivery; the dispatcher wakes after it commits. */
    public record DeliveryQueued() {}

    @Inject
    ObjectMapper json;
    @Inject
    WebhookDeliveryRepository repository;
    @Inject
    AccountDirectory accounts;
    @Inject
    WebhookEndpoints endpoints;
    @Inject
    WebhookSender sender;
    @Inject
    MerchantCircuit circuit;
    @Inject
    WebhookMetrics metrics;
    @Inject
    Event<DeliveryQueued> queued;

    @Inject
    SwitchboardConfig config;

    private RetrySchedule schedule;

    @PostConstruct
    void init() {
        schedule = new RetrySchedule(config.webhooks().retrySchedule());
    }

    /** Queues the webhook of a merchant notification, once per event id. Runs in the caller's transaction. */
    public void enqueue(EventEnvelope event, MerchantNotification notification) {
        String body = WebhookBody.build(json, event, notification);
        if (repository.insertIfAbsent(UUID.fromString(event.id()), event.merchantId(), notification.nType(), body,
                schedule.first())) {
            queued.fire(new DeliveryQueued());
        } else {
            LOG.debugf("webhook for event %s is already queued", event.id());
        }
    }

    /** One attempt of a claimed delivery. Runs outside any transaction: nothing is held open during the HTTP call. */
    public void deliver(Claimed c) {
        String merchant = c.merchantId();
        Optional<WebhookTarget> found;
        try {
            found = accounts.webhookTarget(merchant);
        } catch (ApiException e) {
            // Our outage (or our misconfiguration), not the merchant's: wait and ask again, without spending one
            // of their attempts.
            metrics.postponed("lookup");
            repository.postpone(c.id(), config.webhooks().lookupRetry(), e.getMessage());
            LOG.warnf("delivery %d for merchant %s waits %d s: %s", c.id(), merchant, config.webhooks().lookupRetry().toSeconds(),
                    e.getMessage());
            return;
        }
        String nowhere = found.isEmpty() ? "merchant " + merchant + " is unknown to account-service (404)"
                : !found.get().active() ? "merchant " + merchant + " is disabled"
                : blank(found.get().callbackUrl()) ? "merchant " + merchant + " has no callback URL" : null;
        if (nowhere != null) {
            markDead(c, nowhere + "; nothing to deliver to (replay once it is fixed)");
            return;
        }
        WebhookTarget target = found.get();
        Duration wait = circuit.waitFor(merchant);
        if (wait != null) {
            metrics.postponed("circuit");
            repository.postpone(c.id(), wait, "merchant endpoint failing repeatedly; circuit open, next try in "
                    + wait.toSeconds() + " s");
            return;
        }
        Instant started = Instant.now();
        record(c, started, attempt(c, target, started));
    }

    private Result attempt(Claimed c, WebhookTarget target, Instant started) {
        WebhookEndpoints.Endpoint endpoint;
        try {
            endpoint = endpoints.resolve(target.callbackUrl()); // again at delivery: DNS may have changed
        } catch (ApiException e) {
            return new Result(null, e.getMessage(), 0, Outcome.REFUSED);
        }
        String id = c.eventId().toString();
        long timestamp = started.getEpochSecond();
        String signature = WebhookSigner.signatureHeader(id, timestamp, c.body(), target.secrets());
        if (signature.isEmpty()) {
            return new Result(null, "merchant has no usable webhook secret (expected whsec_<base64>)", 0,
                    Outcome.REFUSED);
        }
        return sender.send(new WebhookSender.Signed(endpoint, id, timestamp, signature, c.body()));
    }

    private void record(Claimed c, Instant started, Result r) {
        metrics.attempt(r);
        if (r.success()) {
            circuit.onSuccess(c.merchantId());
        } else if (r.outcome() != Outcome.REFUSED) { // a refused URL was never contacted
            circuit.onFailure(c.merchantId());
        }
        DeliveryStatus next;
        Duration retryIn = null;
        if (r.success()) {
            next = DeliveryStatus.SUCCEEDED;
        } else {
            Optional<Duration> delay = schedule.after(c.scheduleStep() + 1);
            next = delay.isPresent() ? DeliveryStatus.PENDING : DeliveryStatus.DEAD;
            retryIn = delay.orElse(null);
        }
        AttemptRecord attempt = new AttemptRecord(started, r.durationMs(), r.statusCode(), r.error(), r.success());
        if (!repository.recordAttempt(c.id(), attempt, next, retryIn)) {
            LOG.warnf("delivery %d was taken over by another dispatcher; its attempt %d is not recorded", c.id(),
                    c.attempts() + 1);
            return;
        }
        if (next == DeliveryStatus.DEAD) {
            metrics.dead();
            LOG.warnf("delivery %d (event %s) for merchant %s is dead after attempt %d: %s", c.id(), c.eventId(),
                    c.merchantId(), c.attempts() + 1, r.error());
        } else if (!r.success()) {
            LOG.infof("delivery %d for merchant %s failed attempt %d (%s), next in %d s", c.id(), c.merchantId(),
                    c.attempts() + 1, r.error(), retryIn.toSeconds());
        }
    }

    private void markDead(Claimed c, String reason) {
        if (repository.markDead(c.id(), reason)) {
            metrics.dead();
            LOG.warnf("delivery %d (event %s) is dead: %s", c.id(), c.eventId(), reason);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
