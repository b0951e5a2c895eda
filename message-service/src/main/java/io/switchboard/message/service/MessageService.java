package io.switchboard.message.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.api.ProtocolSupport;
import io.switchboard.common.client.InternalViews.RobotRef;
import io.switchboard.common.client.RobotAccess;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.message.config.MessageConfig;
import io.switchboard.message.mapping.MessageViews;
import io.switchboard.message.mapping.MessageViews.Accepted;
import io.switchboard.message.mapping.MessageViews.MessageView;
import io.switchboard.message.model.MessageState;
import io.switchboard.message.model.OutgoingContent;
import io.switchboard.message.model.StoredMessage;
import io.switchboard.message.model.TargetKind;
import io.switchboard.message.repository.MessageStore;
import io.switchboard.message.repository.MessageStore.NewMessage;
import io.switchboard.message.repository.MessageStore.Reach;
import io.switchboard.message.rest.operation.MessageContent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Accepting messages into the robots' queues and reading them back (docs/MESSAGING.md "Open API"). A send is checked
 * in this order: content rules (400, nothing asked), the robot through {@link RobotAccess} (404/403/503, outside any
 * transaction), the message type against the robot's protocol (400/40011), then one short transaction: idempotency,
 * the robot's queue row, the message row — for most calls a transaction shared with other calls ({@link AcceptQueue}).
 * The dispatcher is woken when it commits.
 */
@ApplicationScoped
public class MessageService {
    public static final int MAX_CLIENT_MSG_ID = 64;
    public static final String CLIENT_MSG_ID = "[A-Za-z0-9._:-]+";
    public static final String CLIENT_MSG_ID_RULE = "must be letters, digits, '.', '_', ':' or '-'";

    @Inject
    RobotAccess access;
    @Inject
    MessageStore store;
    @Inject
    MessageConfig config;
    @Inject
    ObjectMapper json;
    @Inject
    Event<QueueSignal> signal;
    @Inject
    AcceptQueue batches;

    /** sendMessage / sendGroupMessage after binding. */
    public Accepted send(OpenApiCall call, String robotSerialNo, TargetKind kind, String targetId,
                         MessageContent content, String clientMsgId) {
        OutgoingContent c = content.checked();
        RobotRef robot = access.owned(call.merchantId(), robotSerialNo, kind.operation());
        ProtocolSupport.requireMessageType(robot.protocol(), kind.operation(), c.msgType());
        // The common case goes into the next group commit; a bound key or a failed batch takes the one-message path.
        OptionalInt ahead = batches.accept(newMessage(call.serialNo(), robot, kind, targetId, c, clientMsgId),
                reach(robot));
        if (ahead.isPresent()) {
            return new Accepted(call.serialNo(), robot.robotSerialNo(), MessageState.QUEUED.code(),
                    MessageState.QUEUED.name(), ahead.getAsInt());
        }
        return accept(call.serialNo(), robot, kind, targetId, c, clientMsgId);
    }

    private NewMessage newMessage(String serialNo, RobotRef robot, TargetKind kind, String targetId, OutgoingContent c,
                                  String clientMsgId) {
        return new NewMessage(serialNo, robot.merchantId(), robot.robotSerialNo(), kind, targetId, c.msgType(),
                c.text(), c.beforeSleepMs(), c.afterSleepMs(), clientMsgId,
                requestHash(robot.robotSerialNo(), kind, targetId, c));
    }

    private static Reach reach(RobotRef robot) {
        return new Reach(robot.robotSerialNo(), robot.merchantId(), robot.protocol(), robot.deviceNo(), robot.phone(),
                robot.userId());
    }

    /**
     * Queues the message behind the robot's others, or — with a {@code clientMsgId} already bound within the
     * window — answers the message it names (the same request) or 409 (another request). The unique index on
     * (merchant, client_msg_id) settles two racing first calls: the second insert waits for the first and finds it.
     */
    @Transactional
    public Accepted accept(String serialNo, RobotRef robot, TargetKind kind, String targetId, OutgoingContent c,
                           String clientMsgId) {
        NewMessage m = newMessage(serialNo, robot, kind, targetId, c, clientMsgId);
        String hash = m.requestHash();
        if (clientMsgId != null) {
            Optional<Accepted> earlier = earlier(robot.merchantId(), clientMsgId, hash);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        Reach reach = reach(robot);
        for (int attempt = 0; attempt < 3; attempt++) {
            MessageStore.Enqueued queued = store.enqueue(reach);
            if (store.insert(m)) {
                if (queued.ready()) {
                    signal.fire(QueueSignal.ACCEPTED);
                }
                return new Accepted(serialNo, robot.robotSerialNo(), MessageState.QUEUED.code(),
                        MessageState.QUEUED.name(), queued.ahead());
            }
            // A racing call bound the key first (or it is bound to a message past the window): look again.
            store.unqueue(robot.robotSerialNo());
            Optional<Accepted> earlier = earlier(robot.merchantId(), clientMsgId, hash);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        throw new IllegalStateException("vcClientMsgId '" + clientMsgId + "' could not be bound");
    }

    /** getMessage: the caller's message, else 404 (another merchant's included). */
    public MessageView get(String merchantId, String serialNo) {
        StoredMessage m = store.find(serialNo).filter(x -> x.merchantId().equals(merchantId))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "message '" + serialNo + "' not found"));
        return MessageViews.view(m, queueCount(m));
    }

    /** The robot's messages ahead of this one: 0 once it is dispatched. */
    public int queueCount(StoredMessage m) {
        return m.state() == MessageState.QUEUED ? store.ahead(m.robotSerialNo(), m.seq()) : 0;
    }

    /**
     * The message a vcClientMsgId names within the window: the same request answers it, another is 409. A key
     * bound longer than the window is released so that it names the new message.
     */
    private Optional<Accepted> earlier(String merchantId, String clientMsgId, String hash) {
        StoredMessage m = store.byClientMsgId(merchantId, clientMsgId).orElse(null);
        if (m == null) {
            return Optional.empty();
        }
        Instant boundSince = Instant.now().minus(config.idempotencyWindow());
        if (m.createdAt().isBefore(boundSince)) {
            store.unbindClientMsgId(m.serialNo(), clientMsgId, boundSince);
            return Optional.empty();
        }
        if (!m.requestHash().equals(hash)) {
            throw new ApiException(ErrorCode.CONFLICT, "vcClientMsgId '" + clientMsgId + "' was used for another "
                    + "request (message " + m.serialNo() + ")");
        }
        return Optional.of(Accepted.of(m, queueCount(m)));
    }

    /** What "the same request" means for vcClientMsgId: operation, robot, target and the whole content. */
    String requestHash(String robot, TargetKind kind, String targetId, OutgoingContent c) {
        try {
            byte[] canonical = json.writeValueAsBytes(List.of(kind.operation(), robot, targetId, c.msgType(), c.text(),
                    c.beforeSleepMs(), c.afterSleepMs()));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A message changed the queues; the dispatcher looks at once (after commit). */
    public enum QueueSignal { ACCEPTED, RELEASED }
}
