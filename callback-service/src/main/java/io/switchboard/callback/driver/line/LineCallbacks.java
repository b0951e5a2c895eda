package io.switchboard.callback.driver.line;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Iterator;
import java.util.Map;

/**
 * Codec of the device's callback bodies (seed 000, plus RobotStatus from DESIGN §4): every seed field name lives
 * here, and every shape check too, so a malformed body is refused (400) before anything changes.
 */
public final class LineCallbacks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LineCallbacks() {}

    /** {@code dc_data}: the device library's raw answer; {@code RetBody} is a JSON document inside a string. */
    public record DcData(String funName, Integer ret, String retMsg, JsonNode retBody) {}

    public record LoginSuccess(String serialNo, String username, String phone, String countryCode,
                               String headImgUrl, String appVersion, String dcVersion, String lineVersion,
                               String userId, String cacheInfo) {}

    public record LoginFailure(String serialNo, String message, DcData dcData) {}

    public record LogoutResult(String serialNo, boolean success, String message) {}

    public record RobotStatus(int state, String reason, ArrayNode functionalLimits) {}

    /** ReceiveMessage (DESIGN §4, shape defined by this project; docs/LINE_DEVICE.md). */
    public record ReceivedMessage(String msgId, String fromUserId, String toUserId, String groupId, String msgType,
                                  String content, long msgTime) {}

    public record PhoneCodeStep(String serialNo, String phone, String step) {}

    public record Versions(String appVersion, String dcVersion, String lineVersion) {}

    /** 登录成功: serial_no (also data.serial_no), data{…, cache_info}, dc_data.Parm.UserId. */
    public static LoginSuccess loginSuccess(JsonNode body) {
        JsonNode data = requireObject(body, "data");
        String serial = serialNo(body, data);
        JsonNode dc = optionalObject(body, "dc_data");
        dcData(body); // shape check only: a malformed RetBody is refused here too
        String userId = dc == null ? null : text(field(field(dc, "Parm"), "UserId"), "dc_data.Parm.UserId");
        return new LoginSuccess(serial, optText(data, "username"), phone(data), optText(data, "country_code"),
                optText(data, "head_img_url"), optText(data, "app_version"), optText(data, "dc_version"),
                optText(data, "line_version"), userId, optText(data, "cache_info"));
    }

    /** 登录失败: serial_no, message, data{…}, dc_data{funName, Ret, RetMsg, RetBody}. */
    public static LoginFailure loginFailure(JsonNode body) {
        JsonNode data = optionalObject(body, "data");
        String serial = serialNo(body, data);
        return new LoginFailure(serial, optText(body, "message"), dcData(body));
    }

    /** 刷新缓存: {"success","message","data":{"cache_info"}} (the wrapper is assumed; the seed prints the base64). */
    public static String refreshedCacheInfo(JsonNode body) {
        JsonNode data = requireObject(body, "data");
        String cache = optText(data, "cache_info");
        if (cache == null || cache.isBlank()) {
            throw new LineMalformed("data.cache_info is required (the refreshed cache, base64)");
        }
        return cache;
    }

    /** Logout: {"serial_no" ("" when the device logged out by itself), "success", "message", "data"}. */
    public static LogoutResult logout(JsonNode body) {
        String serial = optText(body, "serial_no");
        JsonNode success = body.get("success");
        if (success != null && !success.isNull() && !success.isBoolean()) {
            throw new LineMalformed("success must be true or false");
        }
        dcData(body);
        return new LogoutResult(serial == null || serial.isBlank() ? null : serial,
                success == null || success.isNull() || success.asBoolean(), optText(body, "message"));
    }

    /** RobotStatus: {"state" 0–3, "reason", "functional_limits":[{"risk_type_code","risk_type_desc"}]}. */
    public static RobotStatus robotStatus(JsonNode body) {
        Integer state = optInt(body, "state");
        if (state == null || state < 0 || state > 3) {
            throw new LineMalformed("state must be 0 (online), 1 (offline), 2 (banned) or 3 (limited)");
        }
        ArrayNode limits = JsonNodeFactory.instance.arrayNode();
        JsonNode given = body.get("functional_limits");
        if (given != null && !given.isNull()) {
            if (!given.isArray()) {
                throw new LineMalformed("functional_limits must be an array");
            }
            for (JsonNode l : given) {
                if (!l.isObject()) {
                    throw new LineMalformed("each functional_limits entry must be an object");
                }
                Integer code = optInt(l, "risk_type_code");
                if (code == null) {
                    throw new LineMalformed("functional_limits[].risk_type_code must be a number");
                }
                String desc = optText(l, "risk_type_desc");
                limits.addObject().put("risk_type_code", code).put("risk_type_desc", desc == null ? "" : desc);
            }
        }
        String reason = optText(body, "reason");
        return new RobotStatus(state, reason == null ? "" : reason, limits);
    }

    /**
     * ReceiveMessage: {"msg_id","from_user_id","to_user_id","group_id" (absent for a person),"msg_type" (text, image,
     * video, audio, file, location, contact),"content","msg_time" (epoch ms)}.
     */
    public static ReceivedMessage receivedMessage(JsonNode body) {
        String id = requireText(body, "msg_id");
        String from = requireText(body, "from_user_id");
        String type = requireText(body, "msg_type");
        JsonNode t = body.get("msg_time");
        if (t != null && !t.isNull() && !t.canConvertToLong()) {
            throw new LineMalformed("msg_time must be epoch milliseconds");
        }
        return new ReceivedMessage(id, from, optText(body, "to_user_id"), optText(body, "group_id"), type,
                optText(body, "content"), t == null || t.isNull() ? System.currentTimeMillis() : t.asLong());
    }

    /** robot/get-phone-code: {"serial_no","phone","step": send | get}. */
    public static PhoneCodeStep phoneCode(JsonNode body) {
        String serial = requireText(body, "serial_no");
        String step = optText(body, "step");
        if (!"send".equals(step) && !"get".equals(step)) {
            throw new LineMalformed("step must be \"send\" or \"get\"");
        }
        return new PhoneCodeStep(serial, optText(body, "phone"), step);
    }

    /** GetPushContent: {"serial_no"}. */
    public static String pushContentSerial(JsonNode body) {
        return requireText(body, "serial_no");
    }

    /** RobotHeart: the seed's version fields; all optional. */
    public static Versions versions(JsonNode body) {
        return new Versions(optText(body, "app_version"), optText(body, "dc_version"), optText(body, "line_version"));
    }

    /** {@code dc_data} when present; {@code Ret} a whole number, {@code RetBody} "" or a JSON document. */
    public static DcData dcData(JsonNode body) {
        JsonNode dc = optionalObject(body, "dc_data");
        if (dc == null) {
            return null;
        }
        JsonNode raw = dc.get("RetBody");
        JsonNode retBody = null;
        if (raw != null && raw.isTextual() && !raw.asText().isBlank()) {
            try {
                retBody = JSON.readTree(raw.asText());
            } catch (JsonProcessingException e) {
                throw new LineMalformed("dc_data.RetBody is not a JSON document: " + e.getOriginalMessage());
            }
        } else if (raw != null && (raw.isObject() || raw.isArray())) {
            retBody = raw;
        } else if (raw != null && !raw.isNull() && !raw.isTextual()) {
            throw new LineMalformed("dc_data.RetBody must be a string holding JSON");
        }
        return new DcData(optText(dc, "funName"), optInt(dc, "Ret"), optText(dc, "RetMsg"), retBody);
    }

    // ------------------------------------------------------------------ field helpers

    private static String serialNo(JsonNode body, JsonNode data) {
        String s = optText(body, "serial_no");
        if ((s == null || s.isBlank()) && data != null) {
            s = optText(data, "serial_no");
        }
        if (s == null || s.isBlank()) {
            throw new LineMalformed("serial_no is required (the serial of the command this result answers)");
        }
        return s;
    }

    /** The success sample says {@code phone}, the failure sample {@code phone_no}: accept both. */
    private static String phone(JsonNode data) {
        String p = optText(data, "phone");
        return p != null ? p : optText(data, "phone_no");
    }

    private static JsonNode requireObject(JsonNode body, String name) {
        JsonNode n = optionalObject(body, name);
        if (n == null) {
            throw new LineMalformed(name + " is required and must be an object");
        }
        return n;
    }

    private static JsonNode optionalObject(JsonNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new LineMalformed(name + " must be an object");
        }
        return n;
    }

    private static String requireText(JsonNode body, String name) {
        String v = optText(body, name);
        if (v == null || v.isBlank()) {
            throw new LineMalformed(name + " is required");
        }
        return v;
    }

    private static String optText(JsonNode body, String name) {
        return text(body == null ? null : body.get(name), name);
    }

    private static String text(JsonNode n, String name) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isValueNode()) {
            throw new LineMalformed(name + " must be a string");
        }
        return n.asText();
    }

    private static Integer optInt(JsonNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber() && n.canConvertToInt()) {
            return n.asInt();
        }
        if (n.isTextual() && n.asText().matches("-?\\d{1,9}")) {
            return Integer.parseInt(n.asText());
        }
        throw new LineMalformed(name + " must be a whole number");
    }

    /** Thrift-style names differ in case between samples ({@code Parm} / {@code parm}): match ignoring case. */
    static JsonNode field(JsonNode n, String name) {
        if (n == null || !n.isObject()) {
            return null;
        }
        JsonNode exact = n.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
