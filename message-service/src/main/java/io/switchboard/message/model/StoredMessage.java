package io.switchboard.message.model;

import java.time.Instant;

/** A row of {@code outbound_message}. {@code groupInfo} is the jsonb column's text, or null. */
public record StoredMessage(String serialNo, long seq, String merchantId, String robotSerialNo, TargetKind targetKind,
                            String targetId, int msgType, String content, int beforeSleepMs, int afterSleepMs,
                            String clientMsgId, String requestHash, MessageState state, String reason,
                            String messengerMsgId, String groupInfo, Instant createdAt, Instant dispatchedAt,
                            Instant finishedAt, Instant deadlineAt) {}
