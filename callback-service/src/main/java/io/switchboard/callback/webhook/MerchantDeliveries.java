package io.switchboard.callback.webhook;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.client.AccountDirectory;
import io.switchboard.common.config.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A merchant's own deliveries through the Open API ({@code listDeliveries}, {@code replayDeliveries}). Every query
 * is narrowed to the calling merchant: another merchant's delivery id is answered exactly like an unknown one (404),
 * so ids reveal nothing. Times are epoch milliseconds, like the rest of the Open API.
 */
@ApplicationScoped
public class MerchantDeliveries {
    /** One delivery as its merchant sees it; {@code webhookId} is the {@code webhook-id} header it was sent with. */
    @RegisterForReflection
    public record Item(long id, String webhookId, int nType, String status, int attempts, Integer lastStatusCode,
                       String lastError, Long createdAt, Long nextAttemptAt, Long deliveredAt) {}

    /** A page, newest first; {@code nextAfter} is the {@code after} of the next page (null on the last). */
    @RegisterForReflection
    public record Page(List<Item> deliveries, Long nextAfter) {}

    /** How many deliveries were queued again; {@code more}: the range holds further dead ones (call again). */
    @RegisterForReflection
    public record Replayed(int replayed, boolean more) {}

    @Inject
    WebhookDeliveryRepository repository;
    @Inject
    AccountDirectory accounts;
    @Inject
    WebhookDispatcher dispatcher;
    @Inject
    WebhookAdminService admin;
    @Inject
    SwitchboardConfig config;

    public Page list(String merchantId, DeliveryStatus status, Integer nType, Long from, Long to, Long after,
                     int limit) {
        Instant end = to == null ? Instant.now() : Instant.ofEpochMilli(to);
        Instant start = from == null ? end.minus(maxRange()) : Instant.ofEpochMilli(from);
        checkRange(start, end);
        List<WebhookDelivery> rows = repository.listOfMerchant(merchantId, status, nType, start, end, after, limit + 1);
        boolean more = rows.size() > limit;
        List<Item> items = rows.stream().limit(limit).map(MerchantDeliveries::item).toList();
        return new Page(items, more ? items.get(items.size() - 1).id() : null);
    }

    /** Replays one delivery of the merchant (see {@link WebhookAdminService#replay}). */
    public Replayed replayOne(String merchantId, long id) {
        WebhookDelivery d = repository.load(id);
        if (d == null || !d.merchantId.equals(merchantId)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "delivery " + id + " not found");
        }
        admin.requeue(d);
        return new Replayed(1, false);
    }

    /** Replays the merchant's DEAD deliveries created in [from, to), oldest first, at most {@code replay.max-per-call}. */
    public Replayed replayDead(String merchantId, long from, long to) {
        Instant start = Instant.ofEpochMilli(from);
        Instant end = Instant.ofEpochMilli(to);
        checkRange(start, end);
        int max = Math.max(1, config.webhooks().replay().maxPerCall());
        int n = repository.restartDead(merchantId, start, end, max);
        boolean more = n == max && repository.countDead(merchantId, start, end) > 0;
        accounts.forgetMerchant(merchantId, null);
        if (n > 0) {
            dispatcher.wake();
        }
        return new Replayed(n, more);
    }

    private void checkRange(Instant start, Instant end) {
        if (!start.isBefore(end)) {
            throw ApiException.invalid("data.from must be before data.to");
        }
        if (Duration.between(start, end).compareTo(maxRange()) > 0) {
            throw ApiException.invalid("data.from to data.to spans more than " + maxRange().toDays()
                    + " days; ask for a shorter range");
        }
    }

    private Duration maxRange() {
        return config.webhooks().replay().maxRange();
    }

    private static Item item(WebhookDelivery d) {
        return new Item(d.id, d.eventId.toString(), d.nType, d.status.name(), d.attempts, d.lastStatusCode, merchantError(d),
                millis(d.createdAt), d.status == DeliveryStatus.PENDING ? millis(d.nextAttemptAt) : null,
                millis(d.deliveredAt));
    }

    /** Our own look-up troubles are ours: the merchant is told it waits, not how our services talk to each other. */
    static String merchantError(WebhookDelivery d) {
        return d.lastError != null && d.lastError.startsWith("account-service")
                ? "waiting for the platform (an internal look-up is unavailable); no attempt was counted" : d.lastError;
    }

    private static Long millis(Instant i) {
        return i == null ? null : i.toEpochMilli();
    }
}
