package io.switchboard.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import io.switchboard.common.api.ControlCharacters;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Wraps Jackson's own deserializer for {@code String} or a tree type and refuses a result that holds NUL anywhere
 * (a string value, or a member name of a tree). Everything else, including the other control characters, passes:
 * they are valid JSON and PostgreSQL stores them; the doors that need stricter rules check them themselves.
 */
final class NulRefusingDeserializer extends DelegatingDeserializer {
    NulRefusingDeserializer(JsonDeserializer<?> delegate) {
        super(delegate);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
        return new NulRefusingDeserializer(delegate);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return checked(p, super.deserialize(p, ctxt));
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt, Object intoValue) throws IOException {
        return checked(p, super.deserialize(p, ctxt, intoValue));
    }

    // The parser still stands on the value just read (a string, or the end of a tree), so its context names the
    // value's place; it is only computed on failure.
    private static Object checked(JsonParser p, Object value) throws ControlCharacterException {
        String where = value instanceof String s ? (ControlCharacters.hasNul(s) ? at(p) : null)
                : value instanceof JsonNode n ? nulAt(n, "") : null;
        if (where != null && value instanceof JsonNode) {
            where = at(p) + where;
        }
        if (where != null) {
            throw new ControlCharacterException(p, "the JSON holds a NUL character (\\u0000) at '"
                    + (where.isEmpty() ? "/" : ControlCharacters.escape(where)) + "'; NUL is not accepted in any string");
        }
        return value;
    }

    private static String at(JsonParser p) {
        return p.getParsingContext().pathAsPointer().toString();
    }

    /** The JSON pointer of the first string or member name holding NUL, or null. */
    static String nulAt(JsonNode n, String path) {
        if (n.isTextual()) {
            return ControlCharacters.hasNul(n.textValue()) ? path : null;
        }
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = path + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                if (ControlCharacters.hasNul(e.getKey())) {
                    return child;
                }
                String found = nulAt(e.getValue(), child);
                if (found != null) {
                    return found;
                }
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                String found = nulAt(n.get(i), path + "/" + i);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
