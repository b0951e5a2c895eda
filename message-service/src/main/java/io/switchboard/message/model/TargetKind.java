package io.switchboard.message.model;

import io.switchboard.common.event.WebhookTypes;

/** Whom a message goes to: a friend (sendMessage, webhook 1005) or a group (sendGroupMessage, webhook 2004). */
public enum TargetKind {
    FRIEND("F", "sendMessage", WebhookTypes.MESSAGE),
    GROUP("G", "sendGroupMessage", WebhookTypes.GROUP_MESSAGE);

    private final String code;
    private final String operation;
    private final int webhook;

    TargetKind(String code, String operation, int webhook) {
        this.code = code;
        this.operation = operation;
        this.webhook = webhook;
    }

    /** The column value ({@code target_kind}). */
    public String code() {
        return code;
    }

    /** The Open API operation and the command's operation. */
    public String operation() {
        return operation;
    }

    /** The webhook type of a send result. */
    public int webhook() {
        return webhook;
    }

    public static TargetKind ofCode(String code) {
        return GROUP.code.equals(code) ? GROUP : FRIEND;
    }

    /** The kind a sendMessage / sendGroupMessage operation sends to; null for any other operation. */
    public static TargetKind ofOperation(String operation) {
        for (TargetKind k : values()) {
            if (k.operation.equals(operation)) {
                return k;
            }
        }
        return null;
    }
}
