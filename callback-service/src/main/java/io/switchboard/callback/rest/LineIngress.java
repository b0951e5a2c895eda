package io.switchboard.callback.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.common.client.InternalViews.DeviceView;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The device callbacks, in a fixed order of checks: known action (404), signature and device (401/403/503),
 * implemented yet (501), JSON (400), body shape (400), then the effects in one transaction. Result callbacks
 * are deduplicated in that same transaction, so a retried callback answers as before and changes nothing.
 */
@ApplicationScoped
public class LineIngress {
    public static final String PHONE_CODE = "robot/get-phone-code";

    /** Seed actions whose results later issues handle (friends, groups, messages). */
    static final Set<String> LATER = Set.of("AddFriend", "GetFriendList", "CreateGroup", "GetGroupInfo",
            "InviteFriendsToGroup", "QuitGroup", "SendMessage", "GetGroupList", "SyncContacts", "ReceiveMessage");
    /** Results and reports whose repetition must not count twice (heartbeats and fetches may repeat freely). */
    static final Set<String> DEDUPED = Set.of("RobotLoginSuccess", "RobotLoginFailure", "RefreshToken", "Logout",
            "RobotStatus");

    @Inject
    DeviceAuth auth;
    @Inject
    DeviceInbox inbox;
    @Inject
    DeviceActions device;
    @Inject
    LoginActions login;
    @Inject
    RobotActions robot;
    @Inject
    ObjectMapper json;

    private Map<String, Function<LineRequest, LineReply>> actions;

    @PostConstruct
    void index() {
        actions = Map.of("DeviceHeart", device::heart, "GetPushContent", device::pushContent,
                "RobotHeart", robot::heart, "RefreshToken", robot::refreshToken, "Logout", robot::logout,
                "RobotStatus", robot::status, "RobotLoginSuccess", login::success,
                "RobotLoginFailure", login::failure);
    }

    /** @param action the part after {@code LineProtocol/}, or {@link #PHONE_CODE} */
    public LineReply handle(String action, Function<String, String> headers, byte[] body) {
        boolean phoneCode = PHONE_CODE.equals(action);
        String path = phoneCode ? action : "LineProtocol/" + action;
        Function<LineRequest, LineReply> handler = phoneCode ? null : actions.get(action);
        if (!phoneCode && handler == null && !LATER.contains(action)) {
            throw new LineError(404, "unknown action " + path);
        }
        DeviceView dev = auth.authenticate(headers, body);
        if (LATER.contains(action)) {
            throw new LineError(501, path + " is not supported yet");
        }
        LineRequest r = new LineRequest(action, dev, headers, parse(body, action.equals("DeviceHeart")));
        if (phoneCode) {
            return login.phoneCode(r); // calls account-service, so it manages its own short transactions
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            if (DEDUPED.contains(action) && !inbox.firstTime(dev.deviceNo(), action, body)) {
                return duplicateReply(action);
            }
            return handler.apply(r);
        });
    }

    /** A repeat gets the reply the first one got (the results' replies are fixed by the seed). */
    static LineReply duplicateReply(String action) {
        return action.equals("RobotLoginFailure") ? LineReply.okWithCode() : LineReply.ok("");
    }

    private JsonNode parse(byte[] body, boolean emptyAllowed) {
        if (isBlank(body)) {
            if (emptyAllowed) {
                return json.createObjectNode(); // the seed shows DeviceHeart without a body
            }
            throw new LineError(400, "the body is empty; a JSON object is expected");
        }
        JsonNode n;
        try {
            n = json.readTree(body);
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage();
            throw new LineError(400, "malformed JSON: " + why);
        }
        if (n == null || !n.isObject()) {
            throw new LineError(400, "the body must be a JSON object");
        }
        return n;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
