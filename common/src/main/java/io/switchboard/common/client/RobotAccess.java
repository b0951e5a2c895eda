package io.switchboard.common.client;

import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.api.ProtocolSupport;
import io.switchboard.common.client.InternalViews.RobotRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;

/**
 * "Is this robot the caller's, and can its protocol do this?" for the doors of group-service and message-service,
 * through {@link AccountDirectory}, which already carries the timeout, retries, breaker and fallback cache:
 * account-service down or slow surfaces here as its 503 {@code DEPENDENCY_UNAVAILABLE}, and the next call after it
 * recovers succeeds (no restart). Called after the data is bound and validated, so bad input never reaches
 * account-service, and outside any database transaction, so no connection is held while account-service is waited
 * for.
 */
@ApplicationScoped
public class RobotAccess {
    @Inject
    AccountDirectory accounts;

    /** The caller's robot: 404 {@code 40403} unknown, 403 {@code 40301} another merchant's. */
    public RobotRef owned(String merchantId, String robotSerialNo) {
        RobotRef r = accounts.robot(robotSerialNo).orElseThrow(() -> new ApiException(ErrorCode.ROBOT_NOT_FOUND,
                "robot '" + robotSerialNo + "' not found"));
        if (!merchantId.equals(r.merchantId())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "robot '" + robotSerialNo + "' belongs to another merchant");
        }
        return r;
    }

    /** {@link #owned}, then the operation checked against the robot's protocol (400 {@code 40011}). */
    public RobotRef owned(String merchantId, String robotSerialNo, String operation) {
        RobotRef r = owned(merchantId, robotSerialNo);
        ProtocolSupport.require(r.protocol(), operation);
        return r;
    }

    /**
     * {@link #owned(String, String, String)}, then each variant (an updateGroup field, a search mode) against the
     * protocol: every one is checked before anything is queued, so a request is never half-applied.
     */
    public RobotRef owned(String merchantId, String robotSerialNo, String operation, Collection<String> variants) {
        RobotRef r = owned(merchantId, robotSerialNo, operation);
        variants.forEach(variant -> ProtocolSupport.require(r.protocol(), operation, variant));
        return r;
    }
}
