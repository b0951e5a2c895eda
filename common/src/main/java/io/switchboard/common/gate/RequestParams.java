package io.switchboard.common.gate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses an Open API body into its flat parameter map: {@code application/x-www-form-urlencoded} or a flat JSON
 * object. Strict on purpose: invalid UTF-8, bad percent escapes, duplicate keys, nested values and content after
 * the JSON object are refused with a 400 that says which, because a lenient parser would sign-check a different
 * string than the client meant.
 */
public final class RequestParams {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RequestParams() {}

    public static Map<String, String> parse(String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        checkCharset(type);
        if (type.startsWith("application/json")) {
            return parseJson(body);
        }
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return parseForm(body);
        }
        if (!type.isBlank()) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/x-www-form-urlencoded or application/json, got '"
                            + contentType + "'");
        }
        // No Content-Type: tell the two apart by the first character.
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '{' ? parseJson(body) : parseForm(body);
            }
        }
        throw new ApiException(ErrorCode.MALFORMED_BODY, "the request body is empty");
    }

    private static void checkCharset(String type) {
        int i = type.indexOf("charset=");
        if (i >= 0) {
            String cs = type.substring(i + 8).split(";")[0].trim().replace("\"", "");
            if (!cs.equals("utf-8") && !cs.equals("utf8")) {
                throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the body must be UTF-8, got charset " + cs);
            }
        }
    }

    static Map<String, String> parseForm(byte[] body) {
        String text = utf8(body, "form body");
        Map<String, String> out = new LinkedHashMap<>();
        if (text.isBlank()) {
            throw new ApiException(ErrorCode.MALFORMED_BODY, "the request body is empty");
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (key.isEmpty()) {
                throw new ApiException(ErrorCode.MALFORMED_BODY, "malformed form body: a parameter has no name");
            }
            if (out.put(key, value) != null) {
                throw new ApiException(ErrorCode.MALFORMED_BODY, "malformed form body: parameter '" + key
                        + "' appears more than once");
            }
        }
        return out;
    }

    static Map<String, String> parseJson(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(ErrorCode.MALFORMED_BODY, "malformed JSON body: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ApiException(ErrorCode.MALFORMED_BODY, "malformed JSON body");
        }
        if (root == null || !root.isObject()) {
            throw new ApiException(ErrorCode.MALFORMED_BODY, "the JSON body must be an object of string parameters");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            if (v.isContainerNode()) {
                throw new ApiException(ErrorCode.MALFORMED_BODY, "parameter '" + e.getKey()
                        + "' must be a string" + ("data".equals(e.getKey())
                        ? " holding the JSON of the business parameters (it is signed as that string)" : ""));
            }
            out.put(e.getKey(), v.asText());
        }
        return out;
    }

    /** Percent-decoding that refuses bad escapes and invalid UTF-8 instead of guessing. */
    private static String decode(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new ApiException(ErrorCode.MALFORMED_BODY, "malformed form body: truncated % escape");
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new ApiException(ErrorCode.MALFORMED_BODY, "malformed form body: invalid % escape '"
                            + s.substring(i, i + 3) + "'");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                int cp = s.codePointAt(i);
                byte[] raw = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
                i += Character.charCount(cp) - 1;
            }
        }
        return utf8(bytes.toByteArray(), "form value");
    }

    private static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(ErrorCode.MALFORMED_BODY, "the " + what + " is not valid UTF-8");
        }
    }
}
