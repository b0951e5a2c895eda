package io.switchboard.account.service;

import io.switchboard.account.config.AccountConfig;
import io.switchboard.account.mapping.ContactViews;
import io.switchboard.account.mapping.ContactViews.AdminContactPage;
import io.switchboard.account.mapping.ContactViews.CommandAccepted;
import io.switchboard.account.mapping.ContactViews.FriendList;
import io.switchboard.account.mapping.ContactViews.TaskAccepted;
import io.switchboard.account.model.Contact;
import io.switchboard.account.model.Robot;
import io.switchboard.account.model.RobotState;
import io.switchboard.account.repository.ContactRepository;
import io.switchboard.account.repository.RobotRepository;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.api.ProtocolSupport;
import io.switchboard.common.event.CommandPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The merchant's friend and contact operations (docs/SOCIAL.md, docs/API.md): {@code addFriend},
 * {@code getFriendList}, {@code syncContacts} and the extra operations read with {@code getTask}
 * ({@code getContactInfo}, {@code searchContact}, {@code updateContact}, {@code deleteFriend},
 * {@code getFriendRequests}, {@code acceptFriendRequest}). Each checks, in docs/PROTOCOLS.md's order, that the robot exists
 * (404) and is the caller's (403), that its protocol carries the operation (400/40011), and, before a command is
 * sent, that the robot is online or limited (409); the command is written in the same transaction.
 */
@ApplicationScoped
public class ContactService {
    public static final String ADD_FRIEND = "addFriend";
    public static final String GET_FRIEND_LIST = "getFriendList";
    public static final String SYNC_CONTACTS = "syncContacts";

    @Inject
    RobotRepository robots;
    @Inject
    ContactRepository contacts;
    @Inject
    CommandPublisher commands;
    @Inject
    AccountConfig config;

    /** By phone (variant {@code phone}) or by the messenger's user id (variant {@code userId}); exactly one. */
    @Transactional
    public CommandAccepted addFriend(String merchantId, String serialNo, String robotSerialNo, String phone,
                                     String userId) {
        publish(merchantId, serialNo, robotSerialNo, ADD_FRIEND, List.of(phone != null ? "phone" : "userId"),
                phone != null ? Map.of("phone", phone) : Map.of("userId", userId));
        return new CommandAccepted(robotSerialNo, ADD_FRIEND);
    }

    /** Phones in the merchant's order, each once. */
    @Transactional
    public CommandAccepted syncContacts(String merchantId, String serialNo, String robotSerialNo, List<String> phones) {
        publish(merchantId, serialNo, robotSerialNo, SYNC_CONTACTS, List.of(),
                Map.of("phones", new ArrayList<>(new LinkedHashSet<>(phones))));
        return new CommandAccepted(robotSerialNo, SYNC_CONTACTS);
    }

    /**
     * An extra operation (docs/SOCIAL.md "The extra operations"): no robot event and no webhook follow, so the
     * answer points the merchant at {@code getTask} with the command's serial.
     */
    @Transactional
    public TaskAccepted task(String merchantId, String serialNo, String operation, ContactTask task) {
        publish(merchantId, serialNo, task.vcRobotSerialNo(), operation, task.variants(), task.content());
        return new TaskAccepted(task.vcRobotSerialNo(), operation, serialNo,
                "the result comes through getTask with this vcSerialNo (data.result); there is no webhook for "
                        + operation);
    }

    /** docs/PROTOCOLS.md's order: the robot (404/403), the operation, each variant (40011), the robot's state (409). */
    private void publish(String merchantId, String serialNo, String robotSerialNo, String operation,
                         List<String> variants, Map<String, Object> content) {
        Robot robot = owned(merchantId, robotSerialNo);
        ProtocolSupport.require(robot.protocol, operation);
        variants.forEach(variant -> ProtocolSupport.require(robot.protocol, operation, variant));
        requireCommandable(robot, operation);
        commands.request(serialNo, RobotLoginService.target(robot), operation, content, config.commandTimeout());
    }

    /**
     * A page of the stored friends, answered at once. With {@code refresh}, or while the store has never held a
     * complete list for the robot, the robot is also asked for its list (webhook 1003 when it comes). A refresh
     * already in flight (asked less than the command timeout ago, no result yet) is shared rather than sent again,
     * so a merchant polling getFriendList does not flood the robot. Asked explicitly, a refresh needs the robot
     * online or limited (409); the implicit first one is simply not sent while it is not.
     */
    @Transactional
    public FriendList getFriendList(String merchantId, String serialNo, String robotSerialNo, boolean refresh,
                                    String after, int limit) {
        Robot robot = owned(merchantId, robotSerialNo);
        ProtocolSupport.require(robot.protocol, GET_FRIEND_LIST);
        boolean wanted = refresh || robot.contactsListedAt == null;
        if (refresh) {
            requireCommandable(robot, GET_FRIEND_LIST);
        }
        Instant now = Instant.now();
        String refreshSerial = pendingRefresh(robot, now);
        boolean sent = false;
        if (wanted && refreshSerial == null && commandable(robot)) {
            commands.request(serialNo, RobotLoginService.target(robot), GET_FRIEND_LIST, Map.of(),
                    config.commandTimeout());
            robot.contactsRefreshSerialNo = serialNo;
            robot.contactsRefreshRequestedAt = now;
            refreshSerial = serialNo;
            sent = true;
        }
        // One row more than the page says whether there is a next one.
        List<Contact> rows = contacts.page(robotSerialNo, after, limit + 1);
        boolean more = rows.size() > limit;
        List<Contact> page = more ? rows.subList(0, limit) : rows;
        return new FriendList(robotSerialNo, page.stream().map(ContactViews::friend).toList(),
                contacts.countCurrent(robotSerialNo), more ? page.getLast().userId() : null,
                robot.contactsListedAt == null ? null : robot.contactsListedAt.toEpochMilli(), refreshSerial, sent);
    }

    /** The admin view of any robot's contacts ({@code /admin/contacts}), by id after {@code after}. */
    @Transactional
    public AdminContactPage search(String robotSerialNo, String q, String relation, Boolean removed, long after,
                                   int limit) {
        List<Contact> rows = contacts.search(robotSerialNo, q, relation, removed, after, limit + 1);
        boolean more = rows.size() > limit;
        List<Contact> page = more ? rows.subList(0, limit) : rows;
        return new AdminContactPage(page.stream().map(ContactViews::admin).toList(), more ? page.getLast().id() : null);
    }

    /** The refresh asked less than the command timeout ago that has had no result or failure yet, or null. */
    private String pendingRefresh(Robot robot, Instant now) {
        return robot.contactsRefreshSerialNo != null && robot.contactsRefreshRequestedAt != null
                && robot.contactsRefreshRequestedAt.plus(config.commandTimeout()).isAfter(now)
                ? robot.contactsRefreshSerialNo : null;
    }

    /** The caller's robot, locked (a refresh writes it), or 404 / 403. */
    private Robot owned(String merchantId, String robotSerialNo) {
        Robot robot = robots.lockBySerialNo(robotSerialNo)
                .orElseThrow(() -> new ApiException(ErrorCode.ROBOT_NOT_FOUND, "robot '" + robotSerialNo + "' not found"));
        if (!robot.merchantId.equals(merchantId)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "robot '" + robotSerialNo + "' belongs to another merchant");
        }
        return robot;
    }

    /** A robot can carry a command only while its link is up: online, or online with functional limits. */
    static boolean commandable(Robot robot) {
        RobotState s = robot.robotState();
        return s == RobotState.ONLINE || s == RobotState.LIMITED;
    }

    private static void requireCommandable(Robot robot, String operation) {
        if (!commandable(robot)) {
            throw new ApiException(ErrorCode.CONFLICT, "robot '" + robot.robotSerialNo + "' is "
                    + robot.robotState().word() + "; " + operation + " needs it online or limited (nState 0 or 3)");
        }
    }
}
