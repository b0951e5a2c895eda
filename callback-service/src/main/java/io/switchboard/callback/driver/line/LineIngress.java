package io.switchboard.callback.driver.line;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.common.api.Formats;
import io.switchboard.common.client.InternalViews.DeviceView;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The device callbacks, in a fixed order of checks: known action (404), header shapes, signature and device
 * (400/401/403/503), JSON (400: malformed, trailing content, control characters in a
 * string), body shape (400), robot tenancy (403), then the effects. Result callbacks and reports are deduplicated in
 * the transaction that applies them, so a retried callback answers as before and changes nothing; beats and fetches
 * run without a transaction of their own (they are the hot path and change nothing in PostgreSQL).
 */
@ApplicationScoped
public class LineIngress {
    public static final String PHONE_CODE = "robot/get-phone-code";

    /** Results and reports whose repetition must not count twice (heartbeats and fetches may repeat freely). */
    static final Set<String> DEDUPED = Set.of("RobotLoginSuccess", "RobotLoginFailure", "RefreshToken", "Logout",
            "RobotStatus", "ReceiveMessage", "AddFriend", "GetFriendList", "CreateGroup", "GetGroupInfo",
            "InviteFriendsToGroup", "QuitGroup", "GetGroupList", "SyncContacts", MessageResults.ACTION);

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
    SocialResults social;
    @Inject
    MessageResults messages;
    @Inject
    ObjectMapper json;

    /** Trailing content after the object ({@code {…}garbage}, {@code {…}{…}}) is refused, not ignored. */
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Map<String, Function<LineRequest, LineReply>> actions;

    @PostConstruct
    void index() {
        Map<String, Function<LineRequest, LineReply>> a = new java.util.HashMap<>(Map.of(
                "DeviceHeart", device::heart, "GetPushContent", device::pushContent,
                "RobotHeart", robot::heart, "RefreshToken", robot::refreshToken, "Logout", robot::logout,
                "RobotStatus", robot::status, "ReceiveMessage", robot::received, "RobotLoginSuccess", login::success,
                "RobotLoginFailure", login::failure));
        SocialResults.OPERATIONS.keySet().forEach(action -> a.put(action, social::result));
        a.put(MessageResults.ACTION, messages::result);
        actions = Map.copyOf(a);
    }

    /** @param action the part after {@code LineProtocol/}, or {@link #PHONE_CODE} */
    public LineReply handle(String action, Function<String, String> headers, byte[] body) {
        boolean phoneCode = PHONE_CODE.equals(action);
        String path = phoneCode ? action : "LineProtocol/" + action;
        Function<LineRequest, LineReply> handler = phoneCode ? null : actions.get(action);
        if (!phoneCode && handler == null) {
            throw new LineError(404, "unknown action " + path);
        }
        DeviceView dev = auth.authenticate(headers, body);
        LineRequest r = new LineRequest(action, dev, headers, parse(body, action.equals("DeviceHeart")));
        if (phoneCode) {
            return login.phoneCode(r); // calls account-service, so it manages its own short transactions
        }
        if (!DEDUPED.contains(action)) {
            return handler.apply(r);
        }
        return QuarkusTransaction.requiringNew().call(() -> inbox.firstTime(dev.deviceNo(), action, body)
                ? handler.apply(r) : duplicateReply(action));
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
            n = STRICT.readTree(body);
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage();
            throw new LineError(400, "malformed JSON: " + why);
        }
        if (n == null || !n.isObject()) {
            throw new LineError(400, "the body must be a JSON object");
        }
        String bad = controlCharacterIn(n, "");
        if (bad != null) {
            throw new LineError(400, bad + " holds a control character (NUL, or another C0/C1 code other than tab, "
                    + "line feed and carriage return)");
        }
        return n;
    }

    /** The path of the first string (or field name) with a control character PostgreSQL or a log must not see. */
    static String controlCharacterIn(JsonNode n, String path) {
        if (n.isTextual()) {
            return Formats.hasControl(n.asText(), true) ? (path.isEmpty() ? "the body" : path) : null;
        }
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                String bad = controlCharacterIn(n.get(i), path + "[" + i + "]");
                if (bad != null) {
                    return bad;
                }
            }
        } else if (n.isObject()) {
            for (var it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (Formats.hasControl(e.getKey(), false)) {
                    return "a field name";
                }
                String bad = controlCharacterIn(e.getValue(), child);
                if (bad != null) {
                    return bad;
                }
            }
        }
        return null;
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
