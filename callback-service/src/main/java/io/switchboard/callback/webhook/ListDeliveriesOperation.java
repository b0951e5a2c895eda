package io.switchboard.callback.webhook;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.inject.Inject;
import jakarta.validation.constraints.PositiveOrZero;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.validator.constraints.Range;

/** {@code listDeliveries}: the caller's webhook deliveries, newest first, a page at a time (docs/WEBHOOKS.md). */
@OpenApiOp(name = "listDeliveries", summary = "The caller's webhook deliveries, newest first, filtered and paged",
        description = "Deliveries created in [from, to) (epoch ms; default the last 7 days up to now; at most 7 days "
                + "wide), optionally of one status and one nType, `limit` per page (1-200, default 50), newest first. "
                + "The next page is `after` = the answer's `nextAfter` (null on the last page).")
public class ListDeliveriesOperation implements OpenApiOperation<ListDeliveriesOperation.Data> {
    @Inject
    MerchantDeliveries deliveries;

    @RegisterForReflection
    public record Data(
            @Schema(description = "only deliveries in this state") DeliveryStatus status,
            @Schema(description = "only this webhook type (1001 … 2006)") @Range(min = 1000, max = 9999) Integer nType,
            @Schema(description = "created at or after (epoch ms); default to minus 7 days") @PositiveOrZero Long from,
            @Schema(description = "created before (epoch ms); default now") @PositiveOrZero Long to,
            @Schema(description = "the previous answer's nextAfter; absent: the first page") @PositiveOrZero Long after,
            @Schema(description = "deliveries per page", defaultValue = "50") @Range(min = 1, max = 200) Integer limit) {
        public Data {
            limit = limit == null ? 50 : limit;
        }
    }

    @Override
    public MerchantDeliveries.Page handle(OpenApiCall call, Data data) {
        return deliveries.list(call.merchantId(), data.status(), data.nType(), data.from(), data.to(), data.after(),
                data.limit());
    }
}
