package io.switchboard.account.rest.operation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;

/**
 * The items of a list of strings ({@code @JsonDeserialize(contentUsing = TextOnly.class)}): JSON strings only.
 * A single text field takes a number as its text (docs/API.md), but in a list a number, boolean, object, array or
 * null is refused (docs/SOCIAL.md "Limits"), as {@code 400}/{@code 40001} {@code data.phones[3] must be a string}:
 * the binder names the index. Control characters were already refused by the gate.
 */
@RegisterForReflection // Jackson creates it by reflection (contentUsing), also in a native image
public final class TextOnly extends StdScalarDeserializer<String> {
    public TextOnly() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw MismatchedInputException.from(p, String.class, "must be a string");
        }
        return p.getText();
    }

    @Override
    public String getNullValue(DeserializationContext ctxt) throws JsonMappingException {
        throw MismatchedInputException.from(ctxt.getParser(), String.class, "must be a string, not null");
    }
}
