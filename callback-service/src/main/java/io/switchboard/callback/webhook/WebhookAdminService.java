package io.switchboard.callback.webhook;

import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.client.AccountDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** Rules of the admin delivery API: listing, inspection and replay (one delivery or a time range). */
@ApplicationScoped
public class WebhookAdminService {
    @Inject
    WebhookDeliveryRepository repository;
    @Inject
    AccountDirectory accounts;
    @Inject
    WebhookDispatcher dispatcher;

    public List<DeliveryView> list(String merchantId, String status, int limit) {
        return repository.list(blankToNull(merchantId), parseStatus(status), limit).stream()
                .map(DeliveryView::summary).toList();
    }

    public DeliveryView get(long id) {
        WebhookDelivery d = require(id);
        return DeliveryView.detail(d, repository.attemptsOf(id));
    }

    /**
     * DEAD or SUCCEEDED: a new round of the retry schedule, first attempt now. PENDING: its wait is cut short.
     * DELIVERING: refused (409), an attempt is under way.
     */
    public DeliveryView replay(long id) {
        requeue(require(id));
        return DeliveryView.summary(repository.load(id));
    }

    /** The replay of one delivery, for admins and for its merchant ({@link MerchantDeliveries}). */
    void requeue(WebhookDelivery d) {
        if (!repository.restart(d.id) && !repository.makeDueNow(d.id)) {
            throw new ApiException(ErrorCode.CONFLICT, "delivery " + d.id + " is being delivered right now; "
                    + "look at it again in a moment");
        }
        accounts.forgetMerchant(d.merchantId, null); // the URL or secret may just have been fixed
        dispatcher.wake();
    }

    /** Replays every DEAD delivery created in [from, to), of one merchant or of all. */
    public DeliveryView.Replayed replayDead(String merchantId, String from, String to) {
        Instant start = parseInstant("from", from);
        Instant end = parseInstant("to", to);
        if (!start.isBefore(end)) {
            throw ApiException.invalid("from must be before to");
        }
        String merchant = blankToNull(merchantId);
        int n = repository.restartDead(merchant, start, end);
        if (merchant == null) {
            accounts.forgetAll();
        } else {
            accounts.forgetMerchant(merchant, null);
        }
        if (n > 0) {
            dispatcher.wake();
        }
        return new DeliveryView.Replayed(n);
    }

    private WebhookDelivery require(long id) {
        WebhookDelivery d = repository.load(id);
        if (d == null) {
            throw new ApiException(ErrorCode.NOT_FOUND, "delivery " + id + " not found");
        }
        return d;
    }

    static DeliveryStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return DeliveryStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("status must be one of PENDING, DELIVERING, SUCCEEDED, DEAD");
        }
    }

    static Instant parseInstant(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.missing(name);
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
