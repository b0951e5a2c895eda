package io.switchboard.message.rest.operation;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ControlCharacters;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.api.ProtocolSupport;
import io.switchboard.message.model.OutgoingContent;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.hibernate.validator.constraints.Range;

/**
 * A message's {@code content} (docs/MESSAGING.md "Open API"; seed 001's {@code +content}): a JSON object, or a JSON
 * string holding one (the binder reads both). Bean Validation checks the numbers; the record's own check applies the
 * per-type rules to {@code msg_content}, which is text for text and media and a JSON object (or a string holding one)
 * for location and contact. Every refusal names the field and is a 400 while {@code data} is bound.
 */
@RegisterForReflection
public record MessageContent(
        @Schema(description = "0 text, 1 image, 2 video, 3 audio, 4 file, 5 location, 6 contact card (a number or a "
                + "string of digits)")
        @NotNull @Range(min = 0, max = 6) Integer msg_type,
        @Schema(description = "text: 1-5,000 characters (line breaks and emoji allowed); image/video/audio/file: an "
                + "http(s) URL of at most 2,048 characters; location: {\"title\",\"address\",\"latitude\","
                + "\"longitude\"}; contact: {\"userId\",\"name\"?} (an object or a string holding one, at most 2,048 "
                + "characters of JSON)")
        @NotNull JsonNode msg_content,
        @Schema(description = "milliseconds to wait before sending, 0-60,000 (default 0)")
        @Min(0) @Max(MessageContent.MAX_SLEEP_MS) Integer before_sleep_time,
        @Schema(description = "milliseconds to wait after sending, 0-60,000 (default 0); the robot's next message "
                + "waits at least this long")
        @Min(0) @Max(MessageContent.MAX_SLEEP_MS) Integer after_sleep_time) {

    public static final int MAX_SLEEP_MS = 60_000;
    /** Characters (code points) of a text message: LINE's own limit. */
    public static final int MAX_TEXT = 5_000;
    public static final int MAX_URL = 2_048;
    /** Characters of a location's or contact's JSON text. */
    public static final int MAX_JSON = 2_048;
    static final Pattern HTTP_URL = Pattern.compile("https?://\\S+");
    static final String FIELD = "data.content.msg_content";
    static final int LOCATION = 5;
    static final int CONTACT = 6;
    static final Set<String> LOCATION_FIELDS = Set.of("title", "address", "latitude", "longitude");
    static final Set<String> CONTACT_FIELDS = Set.of("userId", "name");
    /** Parses a location or contact given as a string: duplicate keys and trailing content refused, as in the gate. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * The per-type rules run while {@code data} is bound (a record's own check), so a refusal is a 400 before the
     * merchant's rate limit is charged and before any dependency is asked. A missing or out-of-range
     * {@code msg_type}, or a missing {@code msg_content}, is left to Bean Validation, which runs next.
     */
    public MessageContent {
        if (msg_type != null && msg_type >= 0 && msg_type < ProtocolSupport.MESSAGE_TYPES.size()
                && msg_content != null) {
            text(msg_type, msg_content);
        }
    }

    /** The content once every rule holds. */
    public OutgoingContent checked() {
        return new OutgoingContent(msg_type, text(msg_type, msg_content),
                before_sleep_time == null ? 0 : before_sleep_time, after_sleep_time == null ? 0 : after_sleep_time);
    }

    /** What the command carries for this type, or 400 ({@code 40001}/{@code 40002}) naming the field. */
    private static String text(int msgType, JsonNode c) {
        if (c == null || c.isNull() || c.isMissingNode() || c.isTextual() && c.textValue().isEmpty()) {
            throw new ApiException(ErrorCode.MISSING_PARAMETER, FIELD + " is required");
        }
        String type = "for msg_type " + msgType + " (" + ProtocolSupport.MESSAGE_TYPES.get(msgType) + ")";
        return switch (msgType) {
            case 0 -> {
                String s = string(c, type, true);
                if (s.codePointCount(0, s.length()) > MAX_TEXT) {
                    throw invalid(FIELD + " must be at most " + MAX_TEXT + " characters " + type);
                }
                yield s;
            }
            case LOCATION -> location(c, type);
            case CONTACT -> contact(c, type);
            default -> {
                String s = string(c, type, false);
                if (s.length() > MAX_URL) {
                    throw invalid(FIELD + " must be at most " + MAX_URL + " characters " + type);
                }
                if (!HTTP_URL.matcher(s).matches()) {
                    throw invalid(FIELD + " must be an http(s) URL without spaces " + type);
                }
                yield s;
            }
        };
    }

    private static String string(JsonNode c, String type, boolean layout) {
        if (!c.isTextual()) {
            throw invalid(FIELD + " must be a string " + type);
        }
        noControl(FIELD, c.textValue(), layout);
        return c.textValue();
    }

    /** {"title","address","latitude","longitude"}: the JSON text as given. */
    private static String location(JsonNode c, String type) {
        String text = objectText(c, type);
        JsonNode o = object(c, text, type);
        known(o, LOCATION_FIELDS, "a location");
        requiredText(o, "title", 256);
        requiredText(o, "address", 1_024);
        coordinate(o, "latitude", 90);
        coordinate(o, "longitude", 180);
        return text;
    }

    /** {"userId","name"?}: the JSON text as given. */
    private static String contact(JsonNode c, String type) {
        String text = objectText(c, type);
        JsonNode o = object(c, text, type);
        known(o, CONTACT_FIELDS, "a contact");
        requiredText(o, "userId", 256);
        JsonNode name = o.path("name");
        if (!name.isMissingNode() && !name.isNull()) {
            if (!name.isTextual() || name.textValue().length() > 256) {
                throw invalid(FIELD + ".name must be a string of at most 256 characters");
            }
        }
        return text;
    }

    /** The object's JSON text: the string as given, or the object written compactly in its own key order. */
    private static String objectText(JsonNode c, String type) {
        String text;
        if (c.isObject()) {
            text = c.toString();
        } else if (c.isTextual()) {
            text = c.textValue();
        } else {
            throw invalid(FIELD + " must be a JSON object (or a string holding one) " + type);
        }
        if (text.length() > MAX_JSON) {
            throw invalid(FIELD + " must be at most " + MAX_JSON + " characters of JSON " + type);
        }
        return text;
    }

    private static JsonNode object(JsonNode c, String text, String type) {
        JsonNode o = c;
        if (c.isTextual()) {
            try {
                o = STRICT.readTree(text);
            } catch (JacksonException e) {
                o = null;
            }
        }
        if (o == null || !o.isObject()) {
            throw invalid(FIELD + " must be a JSON object (or a string holding one) " + type);
        }
        noControl(o, FIELD);
        return o;
    }

    private static void known(JsonNode o, Set<String> fields, String what) {
        for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw invalid(FIELD + "." + name + " is not a field of " + what + "; known fields: "
                        + new TreeSet<>(fields));
            }
        }
    }

    private static void requiredText(JsonNode o, String name, int max) {
        JsonNode v = o.path(name);
        if (v.isMissingNode() || v.isNull() || v.isTextual() && v.textValue().isBlank()) {
            throw new ApiException(ErrorCode.MISSING_PARAMETER, FIELD + "." + name + " is required");
        }
        if (!v.isTextual() || v.textValue().length() > max) {
            throw invalid(FIELD + "." + name + " must be a string of at most " + max + " characters");
        }
    }

    /** A number (or a string holding one) within ±{@code limit}. */
    private static void coordinate(JsonNode o, String name, int limit) {
        JsonNode v = o.path(name);
        if (v.isMissingNode() || v.isNull()) {
            throw new ApiException(ErrorCode.MISSING_PARAMETER, FIELD + "." + name + " is required");
        }
        Double d = null;
        if (v.isNumber()) {
            d = v.doubleValue();
        } else if (v.isTextual() && v.textValue().matches("-?\\d{1,3}(\\.\\d{1,15})?")) {
            d = Double.valueOf(v.textValue());
        }
        if (d == null || !Double.isFinite(d) || d < -limit || d > limit) {
            throw invalid(FIELD + "." + name + " must be a number between -" + limit + " and " + limit);
        }
    }

    /** No control character in any name or text of the object (it reached us inside a string, past the gate). */
    private static void noControl(JsonNode n, String path) {
        if (n.isTextual()) {
            noControl(path, n.textValue(), false);
        } else if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                noControl("a member name in " + path, e.getKey(), false);
                noControl(e.getValue(), path + "." + e.getKey());
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                noControl(n.get(i), path + "[" + i + "]");
            }
        }
    }

    private static void noControl(String where, String s, boolean layout) {
        int i = ControlCharacters.indexOf(s, layout);
        if (i >= 0) {
            throw invalid(where + " must not contain control characters (found " + ControlCharacters.name(s, i) + ")");
        }
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_PARAMETER, message);
    }
}
