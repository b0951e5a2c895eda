package io.switchboard.message.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.common.api.Formats;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventPublisher;
import io.switchboard.common.event.EventTypes;
import io.switchboard.common.event.ResultCodes;
import io.switchboard.message.config.MessageConfig;
import io.switchboard.message.mapping.MessageWebhooks;
import io.switchboard.message.model.MessageState;
import io.switchboard.message.model.RobotQueue;
import io.switchboard.message.model.StoredMessage;
import io.switchboard.message.model.TargetKind;
import io.switchboard.message.repository.MessageStore;
import io.switchboard.message.service.MessageService.QueueSignal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Finishes dispatched messages (docs/MESSAGING.md "Persistence and webhooks"): a {@code message.sent} makes one
 * SENT, a {@code command.failed} FAILED, and so does the deadline release when neither came. Each frees the robot's
 * queue for its next message (paced) and sends the merchant 1005 or 2004 with {@code optvcSerNo} = the serial.
 * Only a DISPATCHED message is finished: a late or repeated result changes nothing and sends nothing.
 */
@ApplicationScoped
public class MessageResults {
    private static final Logger LOG = Logger.getLogger(MessageResults.class);
    public static final String NO_RESULT = "no result by the deadline";
    static final int MAX_REASON = 1_024;
    static final int MAX_ID = 256;

    @Inject
    MessageStore store;
    @Inject
    MessageWebhooks webhooks;
    @Inject
    EventPublisher events;
    @Inject
    MessageConfig config;
    @Inject
    Event<QueueSignal> signal;

    /** {@code message.sent} or a send's {@code command.failed}, in the consumer's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(EventEnvelope e) {
        String serial = e.serialNo();
        StoredMessage m = serial == null || !Formats.isId(serial) ? null : store.find(serial).orElse(null);
        if (m == null) {
            LOG.debugf("%s %s names no message of message-service (serial %s); ignored", e.type(), e.id(), serial);
            return;
        }
        JsonNode d = e.data() == null ? MissingNode.getInstance() : e.data();
        String operation = d.path("operation").asText("");
        boolean sameRobot = m.robotSerialNo().equals(e.robotSerialNo());
        boolean sameMerchant = e.merchantId() == null || m.merchantId().equals(e.merchantId());
        boolean sameOperation = operation.isEmpty() && e.type().equals(EventTypes.MESSAGE_SENT)
                || operation.equals(m.targetKind().operation());
        if (!sameRobot || !sameMerchant || !sameOperation) {
            LOG.warnf("%s %s for robot %s of merchant %s (%s) does not match message %s (%s, robot %s of merchant %s); "
                    + "ignored", e.type(), e.id(), e.robotSerialNo(), e.merchantId(), operation, m.serialNo(),
                    m.targetKind().operation(), m.robotSerialNo(), m.merchantId());
            return;
        }
        RobotQueue q = store.lockQueue(m.robotSerialNo()).orElse(null);
        m = store.lockMessage(serial).orElse(null);
        if (m == null || m.state() != MessageState.DISPATCHED) {
            LOG.debugf("%s %s for message %s that is %s: a late or repeated result, ignored", e.type(), e.id(), serial,
                    m == null ? "gone" : m.state());
            return;
        }
        if (e.type().equals(EventTypes.MESSAGE_SENT)) {
            String messageId = id(d.path("messageId"));
            JsonNode linkInfo = d.path("groupInfo");
            store.markSent(serial, messageId, linkInfo.isObject() ? linkInfo.toString() : null);
            Long sentAt = Formats.wholeNumber(d.path("sentAt"));
            notify(q, m, true, null, sentAt == null ? Instant.now() : Instant.ofEpochMilli(sentAt), messageId);
        } else {
            fail(q, m, reason(d.path("reason").asText("")));
        }
        release(m);
    }

    /** Every 5 s: robots whose in-flight message is past its deadline by the grace, without a result. */
    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            releaseOverdue();
        } catch (RuntimeException e) {
            LOG.warnf("releasing overdue messages failed, will retry: %s", e.toString());
        }
    }

    /**
     * Fails in-flight messages that had no result {@code deadline-grace} (30 s) after their deadline, so the robot
     * moves on; returns how many robots were released.
     */
    @Transactional
    public int releaseOverdue() {
        List<RobotQueue> overdue = store.claimOverdue(config.deadlineGrace().toMillis(), 100);
        for (RobotQueue q : overdue) {
            StoredMessage m = store.lockMessage(q.inFlightSerialNo()).orElse(null);
            if (m != null && m.state() == MessageState.DISPATCHED) {
                LOG.warnf("message %s of robot %s had no result by its deadline %s; failed", m.serialNo(),
                        q.robotSerialNo(), q.inFlightDeadline());
                fail(q, m, NO_RESULT);
            }
            store.release(q.robotSerialNo(), q.inFlightSerialNo(), m == null ? 0 : m.afterSleepMs(), intervalMs());
        }
        if (!overdue.isEmpty()) {
            signal.fire(QueueSignal.RELEASED);
        }
        return overdue.size();
    }

    private void fail(RobotQueue q, StoredMessage m, String reason) {
        store.markFailed(m.serialNo(), reason);
        notify(q, m, false, reason, Instant.now(), null);
    }

    private void release(StoredMessage m) {
        store.release(m.robotSerialNo(), m.serialNo(), m.afterSleepMs(), intervalMs());
        signal.fire(QueueSignal.RELEASED);
    }

    private long intervalMs() {
        return config.pacing().interval().toMillis();
    }

    /** 1005 (a friend) or 2004 (a group): the robot wrote the message ({@code nPlatformMsgType} 11). */
    private void notify(RobotQueue q, StoredMessage m, boolean ok, String reason, Instant at, String messageId) {
        String from = q != null && q.robotUserId() != null ? q.robotUserId() : m.robotSerialNo();
        ObjectNode message = webhooks.message(from, m.content(), at, m.targetId(), MessageWebhooks.ROBOT, m.msgType(),
                messageId);
        JsonNode data = m.targetKind() == TargetKind.GROUP ? webhooks.group(m.targetId(), message) : message;
        events.notifyMerchant(m.merchantId(), m.robotSerialNo(), m.serialNo(), m.targetKind().webhook(),
                ok ? ResultCodes.OK : ResultCodes.COMMAND_FAILED, ok ? "" : reason, data);
    }

    private static String reason(String given) {
        String r = given.replace("\u0000", "").strip();
        if (r.isEmpty()) {
            return "command failed";
        }
        return r.length() > MAX_REASON ? r.substring(0, MAX_REASON) : r;
    }

    static String id(JsonNode n) {
        if (n == null || !(n.isTextual() || n.isIntegralNumber())) {
            return null;
        }
        String s = n.asText().replace("\u0000", "");
        return s.isBlank() || s.length() > MAX_ID ? null : s;
    }
}
