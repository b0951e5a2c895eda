package io.switchboard.message.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.api.Formats;
import io.switchboard.common.client.AccountDirectory;
import io.switchboard.common.client.InternalViews.RobotRef;
import io.switchboard.common.event.EventEnvelope;
import io.switchboard.common.event.EventPublisher;
import io.switchboard.common.event.ResultCodes;
import io.switchboard.common.event.WebhookTypes;
import io.switchboard.message.mapping.MessageWebhooks;
import io.switchboard.message.repository.InboundStore;
import io.switchboard.message.repository.InboundStore.Inbound;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.jboss.logging.Logger;

/**
 * {@code message.received} (docs/MESSAGING.md): stored once per (robot, messenger message id) and sent to the
 * merchant as 1005 (a person) or 2004 (a group) with {@code nPlatformMsgType} 10. A message without an id is keyed by
 * a hash of its fields. A repeat report (the device or engine telling the same message twice) finds its key taken:
 * nothing is written and nothing sent.
 *
 * <p>Whose message it is: the robot must belong to the envelope's merchant, as account-service says (a link of
 * merchant A can report nothing into merchant B's robot). While account-service cannot answer,
 * {@link AccountDirectory} throws and the event stays pending for a retry.
 */
@ApplicationScoped
public class InboundMessages {
    private static final Logger LOG = Logger.getLogger(InboundMessages.class);
    static final int MAX_ID = 256;

    @Inject
    AccountDirectory accounts;
    @Inject
    InboundStore store;
    @Inject
    MessageWebhooks webhooks;
    @Inject
    EventPublisher events;
    @Inject
    ObjectMapper json;

    @Transactional(Transactional.TxType.MANDATORY)
    public void received(EventEnvelope e) {
        String robot = e.robotSerialNo();
        RobotRef r = robot == null ? null : accounts.robot(robot).orElse(null);
        if (r == null || e.merchantId() == null || !r.merchantId().equals(e.merchantId())) {
            LOG.warnf("message.received %s for robot %s of merchant %s: the robot is %s; ignored", e.id(), robot,
                    e.merchantId(), r == null ? "unknown" : "another merchant's");
            return;
        }
        JsonNode d = e.data() == null ? MissingNode.getInstance() : e.data();
        String rawId = text(d.path("messageId"));
        String messageId = rawId == null || rawId.isBlank() || rawId.length() > MAX_ID ? null : rawId;
        String from = present(d.path("fromUserId"));
        String to = present(d.path("toUserId"));
        String groupId = present(d.path("groupId"));
        Long type = Formats.wholeNumber(d.path("msgType"));
        Integer msgType = type == null || type < Integer.MIN_VALUE || type > Integer.MAX_VALUE ? null : type.intValue();
        String content = text(d.path("content"));
        Long sentAt = Formats.wholeNumber(d.path("sentAt"));
        String key = messageId != null ? messageId
                : "sha256:" + hash(rawId, from, to, groupId, String.valueOf(msgType), content, String.valueOf(sentAt));
        if (!store.insertOnce(new Inbound(robot, r.merchantId(), key, messageId, text(d.path("protocol")), from, to,
                groupId, msgType, content, sentAt))) {
            LOG.debugf("message.received %s: message %s of robot %s was stored before; nothing sent", e.id(), key,
                    robot);
            return;
        }
        Instant at = sentAt == null ? Instant.ofEpochMilli(e.occurredAt()) : Instant.ofEpochMilli(sentAt);
        // To whom: as reported; else the group, or the robot itself (its messenger id, else its serial).
        String shownTo = to != null ? to : groupId != null ? groupId : r.userId() != null ? r.userId() : robot;
        ObjectNode message = webhooks.message(from, content, at, shownTo, MessageWebhooks.PERSON, msgType, messageId);
        if (groupId != null) {
            events.notifyMerchant(r.merchantId(), robot, null, WebhookTypes.GROUP_MESSAGE, ResultCodes.OK, "",
                    webhooks.group(groupId, message));
        } else {
            events.notifyMerchant(r.merchantId(), robot, null, WebhookTypes.MESSAGE, ResultCodes.OK, "", message);
        }
    }

    /** The fields' hash: a JSON array, so no two different field lists give one text. */
    private String hash(String... fields) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsBytes(Arrays.asList(fields))));
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** An id as reported, or null when blank (engines send "" where they name nobody). */
    static String present(JsonNode n) {
        String s = text(n);
        return s == null || s.isBlank() ? null : s;
    }

    /** Text as reported (numbers as their digits); NULs removed, since PostgreSQL text cannot hold them. */
    static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode() || n.isContainerNode()) {
            return null;
        }
        return n.asText().replace("\u0000", "");
    }
}
