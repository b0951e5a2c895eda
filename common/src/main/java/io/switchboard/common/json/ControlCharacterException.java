package io.switchboard.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A JSON document holding a string with NUL (written {@code \u0000}), which PostgreSQL cannot store. A
 * {@link JsonMappingException}, so code that already turns malformed JSON into a 400 does the same here; the
 * exception mappers give it its own code, {@code CONTROL_CHARACTER}.
 */
public class ControlCharacterException extends JsonMappingException {
    public ControlCharacterException(JsonParser parser, String message) {
        super(parser, message);
    }
}
