package io.switchboard.account.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.common.api.Formats;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.account.model.Contact;
import io.switchboard.account.model.Robot;
import io.switchboard.account.repository.ContactRepository;
import io.switchboard.common.api.Ids;
import io.switchboard.common.event.EventPublisher;
import io.switchboard.common.event.ListParts;
import io.switchboard.common.event.ResultCodes;
import io.switchboard.common.event.WebhookTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Applies the contacts robot events (docs/SOCIAL.md) for {@link RobotEventsConsumer}, inside its transaction: the
 * store is written and the webhook queued together. The robot is already checked to be the envelope merchant's.
 * A contact without a usable {@code userId} (missing, blank, over 256 characters) is skipped with a warning: one bad
 * entry must not lose the other 4,999 of a list.
 */
@ApplicationScoped
public class ContactEvents {
    private static final Logger LOG = Logger.getLogger(ContactEvents.class);
    /** The columns' widths (V7). */
    static final int USER_ID_MAX = 256;
    static final int PHONE_MAX = 32;

    @Inject
    ContactRepository contacts;
    @Inject
    EventPublisher events;
    @Inject
    ObjectMapper json;

    /**
     * {@code contacts.listed}, a whole list or one part of it (docs/SOCIAL.md "Lists in parts"): upsert its
     * contacts, tagged with the list's serial; once every part of a complete list is stored, the robot's friends no
     * part named are marked removed. A part of a list older than one already complete is stale: it is told (1003) but
     * not stored, so it cannot bring back a friend the newer list says is gone. 1003 for the part's contacts, in as
     * many webhooks as its size needs.
     */
    public void listed(Robot robot, String serialNo, JsonNode d) {
        List<Reported> list = reportedList(robot, d.path("contacts"));
        ListParts.Part part = ListParts.partOf(d);
        // A list with no command (a push) gets a serial of its own: newer than every list before it.
        String listSerial = serialNo != null ? serialNo : Ids.serialNo();
        if (part != null && contacts.listSuperseded(robot.robotSerialNo, listSerial)) {
            LOG.infof("robot %s: contacts list %s (part %d of %d) is older than a complete list; told, not stored",
                    robot.robotSerialNo, listSerial, part.part(), part.parts());
        } else {
            contacts.upsert(robot.robotSerialNo, list.stream().map(Reported::contact).toList(),
                    part == null ? null : listSerial);
            if (part != null && contacts.listPartStored(robot.robotSerialNo, listSerial, part)) {
                int removed = contacts.markRemovedBefore(robot.robotSerialNo, listSerial);
                robot.contactsListedAt = Instant.now();
                LOG.debugf("robot %s: list %s complete (%d parts), %d marked removed", robot.robotSerialNo,
                        listSerial, part.parts(), removed);
                refreshAnswered(robot, serialNo);
            } else if (part == null) {
                refreshAnswered(robot, serialNo); // a partial list is the whole answer it will get
            }
        }
        ArrayNode data = json.createArrayNode();
        for (Reported r : list) {
            Contact c = r.contact();
            ObjectNode o = data.addObject();
            o.put("vcUserId", c.userId());
            o.put("vcUserName", c.userName());
            o.put("Un2", c.un2());
            o.put("Un11", c.un11());
            o.put("vcPreviewParm", c.previewParm());
        }
        events.notifyMerchantInParts(robot.merchantId, robot.robotSerialNo, serialNo, WebhookTypes.FRIEND_LIST,
                ResultCodes.OK, "", data);
    }

    /** The getFriendList refresh in flight with this serial has its answer: the next one may ask again. */
    private static void refreshAnswered(Robot robot, String serialNo) {
        if (serialNo != null && serialNo.equals(robot.contactsRefreshSerialNo)) {
            robot.contactsRefreshSerialNo = null;
            robot.contactsRefreshRequestedAt = null;
        }
    }

    /** {@code contact.added}: upsert the new friend (with the phone it was added by, if it gives none). 1002. */
    public void added(Robot robot, String serialNo, JsonNode d) {
        String byPhone = text(d.get("phone"));
        Reported r = reported(robot, d.path("contact"), byPhone);
        if (r == null) {
            notify(robot, serialNo, WebhookTypes.ADD_FRIEND, ResultCodes.COMMAND_FAILED,
                    "the robot reported the added friend without a usable userId", json.createObjectNode());
            return;
        }
        Contact c = r.contact();
        contacts.upsert(robot.robotSerialNo, List.of(c));
        ObjectNode data = json.createObjectNode();
        data.put("vcUserId", c.userId());
        data.put("vcUserName", c.userName());
        data.put("vcPreviewParm", c.previewParm());
        notify(robot, serialNo, WebhookTypes.ADD_FRIEND, ResultCodes.OK, "", data);
    }

    /** {@code contacts.synced}: the phones that matched a user (successes only, seed 000 10010); upsert each. 1006. */
    public void synced(Robot robot, String serialNo, JsonNode d) {
        List<Reported> list = reportedList(robot, d.path("contacts"));
        contacts.upsert(robot.robotSerialNo, list.stream().map(Reported::contact).toList());
        ArrayNode data = json.createArrayNode();
        for (Reported r : list) {
            Contact c = r.contact();
            ObjectNode o = data.addObject();
            o.put("vcUserId", c.userId());
            o.put("vcUserName", c.userName());
            o.set("nPhoneNumber", phoneNumber(c.phone()));
            o.put("vcAbperson", r.abperson());
            o.put("Un2", c.un2());
        }
        notify(robot, serialNo, WebhookTypes.SYNC_CONTACTS, ResultCodes.OK, "", data);
    }

    /** {@code contact.changed}: an engine push (a user added the robot, a profile changed); upsert, no webhook yet. */
    public void changed(Robot robot, JsonNode d) {
        Reported r = reported(robot, d, null);
        if (r != null) {
            contacts.upsert(robot.robotSerialNo, List.of(r.contact()));
        }
    }

    /** {@code command.failed} of a contacts operation: the operation's webhook with result code 2 and the reason. */
    public void commandFailed(Robot robot, String serialNo, String operation, String reason) {
        switch (operation) {
            case ContactService.ADD_FRIEND -> notify(robot, serialNo, WebhookTypes.ADD_FRIEND,
                    ResultCodes.COMMAND_FAILED, reason, json.createObjectNode());
            case ContactService.GET_FRIEND_LIST -> {
                refreshAnswered(robot, serialNo); // the next getFriendList may ask again at once
                notify(robot, serialNo, WebhookTypes.FRIEND_LIST, ResultCodes.COMMAND_FAILED, reason,
                        json.createArrayNode());
            }
            case ContactService.SYNC_CONTACTS -> notify(robot, serialNo, WebhookTypes.SYNC_CONTACTS,
                    ResultCodes.COMMAND_FAILED, reason, json.createArrayNode());
            default -> { }
        }
    }

    /** Whether a failed command's operation is one of these. */
    public static boolean owns(String operation) {
        return operation.equals(ContactService.ADD_FRIEND) || operation.equals(ContactService.GET_FRIEND_LIST)
                || operation.equals(ContactService.SYNC_CONTACTS);
    }

    private void notify(Robot robot, String serialNo, int type, int code, String message, JsonNode data) {
        events.notifyMerchant(robot.merchantId, robot.robotSerialNo, serialNo, type, code, message, data);
    }

    /** A stored contact with what only the event carries ({@code abperson} of a synced contact). */
    record Reported(Contact contact, String abperson) {}

    /** The list's usable contacts, each userId once (the last report of a userId wins), in the list's order. */
    private List<Reported> reportedList(Robot robot, JsonNode array) {
        if (!array.isArray()) {
            LOG.warnf("contacts event for robot %s has no contacts array; nothing stored", robot.robotSerialNo);
            return List.of();
        }
        Map<String, Reported> byUser = new LinkedHashMap<>();
        for (JsonNode n : array) {
            Reported r = reported(robot, n, null);
            if (r != null) {
                byUser.put(r.contact().userId(), r);
            }
        }
        return new ArrayList<>(byUser.values());
    }

    private Reported reported(Robot robot, JsonNode n, String fallbackPhone) {
        String userId = n == null || !n.isObject() ? null : text(n.get("userId"));
        if (userId == null || userId.isBlank() || userId.length() > USER_ID_MAX) {
            LOG.warnf("robot %s: a contact without a usable userId was skipped", robot.robotSerialNo);
            return null;
        }
        String phone = text(n.get("phone"));
        if (phone == null) {
            phone = fallbackPhone;
        }
        if (phone != null && phone.length() > PHONE_MAX) {
            phone = null; // not a phone number; the column keeps phones only
        }
        String relation = text(n.get("relation"));
        if (relation == null || !Contact.RELATIONS.contains(relation)) {
            relation = Contact.FRIEND; // docs/SOCIAL.md: friend is the default
        }
        Contact c = Contact.reported(userId, text(n.get("userName")), phone, text(n.get("avatarUrl")),
                text(n.get("previewParm")), Formats.wholeNumber(n.get("un2")), integer(n.get("un11")), relation);
        return new Reported(c, text(n.get("abperson")));
    }

    /**
     * 1006's {@code nPhoneNumber} is a number in seed 001: the phone's digits without its {@code +} (LINE reports
     * E.164, so nothing is lost). A phone a number would change (a leading 0, other characters) is sent as text.
     */
    private JsonNode phoneNumber(String phone) {
        if (phone == null) {
            return json.nullNode();
        }
        String digits = phone.startsWith("+") ? phone.substring(1) : phone;
        if (!digits.isEmpty() && digits.length() <= 20 && digits.chars().allMatch(Character::isDigit)
                && digits.charAt(0) != '0') {
            return json.getNodeFactory().numberNode(new BigInteger(digits));
        }
        return json.getNodeFactory().textNode(phone);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || !n.isValueNode() || n.isBoolean() || n.asText().isEmpty() ? null
                : n.asText();
    }

    private static Integer integer(JsonNode n) {
        Long v = Formats.wholeNumber(n);
        return v == null || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? null : v.intValue();
    }
}
