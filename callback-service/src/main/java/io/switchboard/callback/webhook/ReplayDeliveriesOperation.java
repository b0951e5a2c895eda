package io.switchboard.callback.webhook;

import static io.switchboard.common.api.ErrorCode.CONFLICT;
import static io.switchboard.common.api.ErrorCode.NOT_FOUND;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code replayDeliveries}: sends one of the caller's deliveries again, or its dead ones of a time range. */
@OpenApiOp(name = "replayDeliveries", summary = "Send one delivery again, or the dead deliveries of a time range",
        description = "Either `id` (one delivery of the caller: a DEAD or SUCCEEDED one starts a new round of the "
                + "retry schedule, a PENDING one goes now, a DELIVERING one is 409), or `from` and `to` (epoch ms, at "
                + "most 7 days apart): the DEAD deliveries created in [from, to), oldest first, at most 1000 per call "
                + "(`more` true: call again). Answers `{\"replayed\",\"more\"}`.",
        errors = {NOT_FOUND, CONFLICT})
public class ReplayDeliveriesOperation implements OpenApiOperation<ReplayDeliveriesOperation.Data> {
    @Inject
    MerchantDeliveries deliveries;

    @RegisterForReflection
    public record Data(
            @Schema(description = "one delivery (listDeliveries' id)") @Positive Long id,
            @Schema(description = "dead deliveries created at or after (epoch ms)") @PositiveOrZero Long from,
            @Schema(description = "dead deliveries created before (epoch ms)") @PositiveOrZero Long to) {}

    @Override
    public MerchantDeliveries.Replayed handle(OpenApiCall call, Data data) {
        boolean range = data.from() != null || data.to() != null;
        if (data.id() != null && range) {
            throw ApiException.invalid("give either data.id or data.from and data.to, not both");
        }
        if (data.id() != null) {
            return deliveries.replayOne(call.merchantId(), data.id());
        }
        if (data.from() == null || data.to() == null) {
            throw ApiException.missing(range ? (data.from() == null ? "data.from" : "data.to") : "data.id (or data.from and data.to)");
        }
        return deliveries.replayDead(call.merchantId(), data.from(), data.to());
    }
}
