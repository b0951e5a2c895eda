package io.switchboard.callback.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.callback.webhook.WebhookDeliveryRepository.AttemptRecord;
import io.switchboard.callback.webhook.WebhookDeliveryRepository.Claimed;
import io.switchboard.callback.webhook.WebhookSender.Outcome;
import io.switchboard.callback.webhook.WebhookSender.Result;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.DatabaseOutage;
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
import java.util.concurrent.ThreadLocalRandom;
import io.switchboard.common.config.SwitchboardConfig;
import org.jboss.logging.Logger;

/**
 * The delivery rules: what is queued, where it goes, how an attempt is signed and judged, and what happens
 * next (retry per schedule, dead letter, or wait without charging the merchant an attempt).
 */
@ApplicationScoped
public class WebhookDeliveryService {
    /** How long an attempt's outcome is retried through a database outage: well inside the claim's 2-minute lease. */
    static final Duration RECORD_RETRY_FOR = Duration.ofSeconds(90);

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
    WebhookEndpointRepository endpointStates;
    @Inject
    WebhookMetrics metrics;
    @Inject
    Event<DeliveryQueued> queued;

    @Inject
    SwitchboardConfig config;

    private RetrySchedule schedule;

    @PostConstruct
    void init() {
        schedule = new RetrySchedule(config.webhooks().retrySchedule(), config.webhooks().retryJitter());
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
        String disabled = disabledReason(merchant, target.callbackUrl());
        if (disabled != null) {
            if (repository.markDead(c.id(), disabled, true)) {
                metrics.dead();
                LOG.infof("delivery %d (event %s) is parked: %s", c.id(), c.eventId(), disabled);
            }
            return;
        }
        Duration wait = circuit.waitFor(merchant);
        if (wait != null) {
            metrics.postponed("circuit");
            repository.postpone(c.id(), wait, "merchant endpoint failing repeatedly or asked to wait (Retry-After); "
                    + "circuit open, next try in " + wait.toSeconds() + " s");
            return;
        }
        Instant started = Instant.now();
        record(c, target, started, attempt(c, target, started));
    }

    /**
     * Why nothing may be sent to this URL (its 410 disabled it), or null. A merchant whose URL changed since has
     * moved: the flag is dropped and its parked deliveries are queued again, as an admin re-enable would.
     */
    private String disabledReason(String merchant, String url) {
        Optional<WebhookEndpointRepository.Disabled> d = endpointStates.find(merchant);
        if (d.isEmpty()) {
            return null;
        }
        if (!d.get().callbackUrl().equals(url)) {
            LOG.infof("merchant %s changed its callback URL since its endpoint answered 410; re-enabled", merchant);
            enableEndpoint(merchant);
            return null;
        }
        return "the merchant's webhook endpoint is disabled since " + d.get().disabledAt() + " (it answered 410 Gone); "
                + "parked until an admin re-enables it or the callback URL changes";
    }

    /** Drops the 410 flag and queues the parked deliveries again; -1 when the endpoint was not disabled. */
    public int enableEndpoint(String merchant) {
        if (!endpointStates.enable(merchant)) {
            return -1;
        }
        int n = repository.restartParked(merchant);
        LOG.infof("webhook endpoint of merchant %s re-enabled; %d parked deliveries queued again", merchant, n);
        if (n > 0) {
            queued.fire(new DeliveryQueued());
        }
        return n;
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

    private void record(Claimed c, WebhookTarget target, Instant started, Result r) {
        metrics.attempt(r);
        // Retry-After holds back the next attempt (and, through the circuit, the merchant's other deliveries), capped
        // so a merchant cannot park its webhooks for days; it never adds an attempt to the schedule.
        Duration retryAfter = r.retryAfter() == null ? null : min(r.retryAfter(), config.webhooks().retryAfterCap());
        if (r.success()) {
            circuit.onSuccess(c.merchantId());
        } else if (r.outcome() != Outcome.REFUSED) { // a refused URL was never contacted
            circuit.onFailure(c.merchantId(), retryAfter);
        }
        DeliveryStatus next;
        Duration retryIn = null;
        boolean gone = r.gone();
        if (r.success()) {
            next = DeliveryStatus.SUCCEEDED;
        } else if (gone) {
            next = DeliveryStatus.DEAD; // parked: replayed when the endpoint is re-enabled
        } else {
            Optional<Duration> delay = schedule.after(c.scheduleStep() + 1, ThreadLocalRandom.current());
            next = delay.isPresent() ? DeliveryStatus.PENDING : DeliveryStatus.DEAD;
            retryIn = delay.map(d -> retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d).orElse(null);
        }
        if (gone) {
            disableEndpoint(c, target.callbackUrl()); // first, so no delivery claimed after this one is sent
        }
        AttemptRecord attempt = new AttemptRecord(started, r.durationMs(), r.statusCode(), r.error(), r.success());
        if (!recordWhileClaimed(c, attempt, next, retryIn, gone)) {
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

    /**
     * Writes the attempt's outcome, retrying through a database outage for as long as the claim holds
     * ({@link #RECORD_RETRY_FOR}, inside the dispatcher's lease): a webhook the merchant already answered 2xx would
     * otherwise be sent again once the lease ran out, the same webhook-id delivered twice.
     */
    private boolean recordWhileClaimed(Claimed c, AttemptRecord attempt, DeliveryStatus next, Duration retryIn,
                                       boolean gone) {
        long deadline = System.nanoTime() + RECORD_RETRY_FOR.toNanos();
        long backoffMs = 250;
        while (true) {
            try {
                return repository.recordAttempt(c.id(), attempt, next, retryIn, gone);
            } catch (RuntimeException e) {
                if (!DatabaseOutage.is(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.warnf("delivery %d: the outcome of attempt %d (%s) cannot be written, the database is unavailable;"
                        + " retrying in %d ms: %s", c.id(), c.attempts() + 1, next, backoffMs, e.toString());
                // This sender thread holds only this delivery: waiting here is the point.
                java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS
                        .toNanos(backoffMs));
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                backoffMs = Math.min(backoffMs * 2, 5_000);
            }
        }
    }

    /** A 410: nothing more goes to this URL; the admin is told by the flag, this log line and a metric. */
    private void disableEndpoint(Claimed c, String url) {
        String reason = "answered 410 Gone to delivery " + c.id() + " (event " + c.eventId() + ")";
        if (endpointStates.disable(c.merchantId(), url, c.id(), reason)) {
            metrics.endpointDisabled();
            LOG.errorf("webhook endpoint of merchant %s %s: disabled, its deliveries are parked until an admin "
                    + "re-enables it (POST /admin/webhook-endpoints/%s/enable) or the callback URL changes",
                    c.merchantId(), reason, c.merchantId());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void markDead(Claimed c, String reason) {
        if (repository.markDead(c.id(), reason, false)) {
            metrics.dead();
            LOG.warnf("delivery %d (event %s) is dead: %s", c.id(), c.eventId(), reason);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
