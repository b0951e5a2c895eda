package io.switchboard.account.rest.operation;

import io.switchboard.account.mapping.ContactViews.TaskAccepted;
import io.switchboard.account.service.ContactService;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.inject.Inject;

/**
 * An operation on one user of a robot ({@link ContactUserData}) whose result is read with getTask:
 * {@code deleteFriend}, {@code acceptFriendRequest}. Each subclass carries its own {@code @OpenApiOp}.
 */
public abstract class ContactUserOperation implements OpenApiOperation<ContactUserData> {
    private final String name;

    @Inject
    ContactService contacts;

    protected ContactUserOperation(String name) {
        this.name = name;
    }

    @Override
    public TaskAccepted handle(OpenApiCall call, ContactUserData data) {
        return contacts.task(call.merchantId(), call.serialNo(), name, data);
    }
}
