package io.switchboard.group.rest.operation;

import io.switchboard.common.client.RobotAccess;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.group.service.GroupCommands;
import io.switchboard.group.service.GroupService;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Map;

/**
 * What the extra group operations share (docs/SOCIAL.md "The extra operations"): once {@code data} is valid, the
 * robot through {@link RobotAccess} (404/403, 503 with account-service down), the operation and then each variant
 * against its protocol (40011), then {@link GroupService#queue}; the answer points to getTask. The operation is the
 * name the gate routed the call by, i.e. the subclass's {@code @OpenApiOp} name.
 */
public abstract class ExtraGroupOperation {
    @Inject
    RobotAccess access;
    @Inject
    GroupService groups;

    GroupCommands.Queued queue(OpenApiCall call, String robotSerialNo, Collection<String> variants,
                               boolean storedGroup, Map<String, String> content) {
        var robot = access.owned(call.merchantId(), robotSerialNo, call.operation(), variants);
        return groups.queue(call.serialNo(), robot, call.operation(), storedGroup, content);
    }
}
