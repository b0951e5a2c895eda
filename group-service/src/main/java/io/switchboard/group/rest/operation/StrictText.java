package io.switchboard.group.rest.operation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;

/**
 * An element of an id array: a JSON string and nothing else (docs/SOCIAL.md "Limits": a number or object inside
 * the array is 400 {@code 40001} naming the index, e.g. {@code data.vcFriendSerialNoList[1] must be a string}).
 * The text itself then goes through the binder's own string rules (control characters, {@code ""} as absent).
 */
public class StrictText extends StdScalarDeserializer<String> {
    public StrictText() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw MismatchedInputException.from(p, String.class, "must be a string");
        }
        Object text = ctxt.findRootValueDeserializer(ctxt.constructType(String.class)).deserialize(p, ctxt);
        return (String) text;
    }
}
