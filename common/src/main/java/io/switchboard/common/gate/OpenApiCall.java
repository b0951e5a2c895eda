package io.switchboard.common.gate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;

/**
 * A request that passed the gate: signature verified, fresh, not a replay. {@code data} is the parsed business
 * parameters as sent; operations read them through their typed data record (see {@link OpenApiOperation}).
 */
public record OpenApiCall(String serialNo, String merchantId, String appId, String operation, ObjectNode data) {

    /** Fails with 403 unless the resource's owner is the caller. */
    public void requireOwner(String ownerMerchantId, String what) {
        if (!merchantId.equals(ownerMerchantId)) {
            throw new ApiException(ErrorCode.FORBIDDEN, what + " belongs to another merchant");
        }
    }
}
