package io.switchboard.common.operation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.switchboard.common.gate.MultiLine;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The Jackson mapper that binds {@code data} to an operation's record. Stricter than Jackson's defaults where a
 * lenient reading would silently change what the merchant meant, and as lenient as the seed needs where it
 * writes numbers and booleans as strings:
 * <ul>
 *   <li>text: a JSON string, or a number or boolean as its text; {@code ""} means absent; an object or array is
 *       refused; control characters (NUL included) are refused, tab/LF/CR allowed only where {@link MultiLine};</li>
 *   <li>whole numbers: a JSON integer or a string of digits, within the Java type's range; a fraction, {@code 1e400}
 *       or a 20-digit number into an {@code Integer} is refused, never truncated;</li>
 *   <li>booleans: JSON {@code true}/{@code false} or those words as strings in any case;</li>
 *   <li>an object field (a nested record) may also come as a string holding the object's JSON, as the seed does;</li>
 *   <li>unknown fields are refused (the message lists the known ones), so a misspelt optional field is not
 *       silently ignored.</li>
 * </ul>
 * Every refusal is a {@link FieldProblem} whose Jackson path names the field.
 */
final class DataMapper {
    private static final Pattern DIGITS = Pattern.compile("-?\\d{1,19}");
    /** Parses string-encoded objects: duplicate keys and trailing content refused, as in the gate. */
    private static final ObjectMapper PARSER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private DataMapper() {}

    static ObjectMapper create() {
        SimpleModule strict = new SimpleModule("switchboard-strict-data");
        strict.addDeserializer(String.class, new Text(false));
        strict.addDeserializer(Integer.class, new Whole<>(Integer.class, Integer.MIN_VALUE, Integer.MAX_VALUE));
        strict.addDeserializer(Long.class, new Whole<>(Long.class, Long.MIN_VALUE, Long.MAX_VALUE));
        strict.addDeserializer(Boolean.class, new Bool());
        strict.addDeserializer(Double.class, new Decimal());
        strict.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription desc,
                                                          JsonDeserializer<?> deserializer) {
                return desc.getBeanClass().isRecord() ? new ObjectOrString(deserializer) : deserializer;
            }
        });
        ObjectMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .addModule(strict)
                .build();
        mapper.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.EmptyString, CoercionAction.AsNull);
        return mapper;
    }

    /** A refused value; the message reads after the field's name ("data.page " + message). */
    static final class FieldProblem extends MismatchedInputException {
        FieldProblem(JsonParser p, String message, Class<?> target) {
            super(p, message, target);
        }
    }

    static FieldProblem problem(JsonParser p, String message, Class<?> target) {
        return new FieldProblem(p, message, target);
    }

    /** Text; contextual so that {@link MultiLine} fields may hold tab, LF and CR. */
    static final class Text extends StdScalarDeserializer<String> implements ContextualDeserializer {
        private final boolean multiLine;

        Text(boolean multiLine) {
            super(String.class);
            this.multiLine = multiLine;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            boolean ml = property != null && property.getAnnotation(MultiLine.class) != null;
            return ml == multiLine ? this : new Text(ml);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String s = switch (p.currentToken()) {
                case VALUE_STRING -> p.getText();
                case VALUE_NUMBER_INT, VALUE_TRUE, VALUE_FALSE -> p.getText();
                case VALUE_NUMBER_FLOAT -> {
                    if (!Double.isFinite(p.getDoubleValue())) {
                        throw problem(p, "must be a string", String.class);
                    }
                    yield p.getText();
                }
                default -> throw problem(p, "must be a string", String.class);
            };
            if (s.isEmpty()) {
                return null;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if ((c < 0x20 || (c >= 0x7f && c <= 0x9f)) && !(multiLine && (c == '\t' || c == '\n' || c == '\r'))) {
                    throw problem(p, "must not contain control characters (found U+"
                            + String.format("%04X", (int) c) + ")", String.class);
                }
            }
            return s;
        }
    }

    /** Whole numbers as JSON integers or strings of digits, range-checked for the target type. */
    static final class Whole<T extends Number> extends StdScalarDeserializer<T> {
        private final long min;
        private final long max;

        Whole(Class<T> type, long min, long max) {
            super(type);
            this.min = min;
            this.max = max;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            long v;
            if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                v = p.getLongValue();
            } else if (t == JsonToken.VALUE_STRING && p.getText().isEmpty()) {
                return null;
            } else if (t == JsonToken.VALUE_STRING && DIGITS.matcher(p.getText()).matches()) {
                try {
                    v = Long.parseLong(p.getText());
                } catch (NumberFormatException e) {
                    throw outOfRange(p);
                }
            } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_STRING && p.getText().matches("-?\\d+")) {
                throw outOfRange(p);
            } else {
                throw problem(p, "must be a whole number", handledType());
            }
            if (v < min || v > max) {
                throw outOfRange(p);
            }
            Number out = handledType() == Integer.class ? (Number) Integer.valueOf((int) v) : (Number) Long.valueOf(v);
            @SuppressWarnings("unchecked")
            T typed = (T) out;
            return typed;
        }

        private FieldProblem outOfRange(JsonParser p) {
            return problem(p, "must be a whole number between " + min + " and " + max, handledType());
        }
    }

    /** JSON booleans, or "true"/"false" in any case: the seed writes both. */
    static final class Bool extends StdScalarDeserializer<Boolean> {
        Bool() {
            super(Boolean.class);
        }

        @Override
        public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                return t == JsonToken.VALUE_TRUE;
            }
            if (t == JsonToken.VALUE_STRING) {
                String s = p.getText();
                if (s.isEmpty()) {
                    return null;
                }
                if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                    return s.equalsIgnoreCase("true");
                }
            }
            throw problem(p, "must be true or false", Boolean.class);
        }
    }

    /** Finite numbers, as JSON numbers or strings holding one. */
    static final class Decimal extends StdScalarDeserializer<Double> {
        Decimal() {
            super(Double.class);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            double v;
            if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                v = p.getDoubleValue();
            } else if (t == JsonToken.VALUE_STRING && p.getText().isEmpty()) {
                return null;
            } else if (t == JsonToken.VALUE_STRING && p.getText().matches("-?\\d{1,300}(\\.\\d{1,300})?([eE][-+]?\\d{1,4})?")) {
                v = Double.parseDouble(p.getText());
            } else {
                throw problem(p, "must be a number", Double.class);
            }
            if (!Double.isFinite(v)) {
                throw problem(p, "must be a finite number", Double.class);
            }
            return v;
        }
    }

    /** A nested record given as an object, or as a string holding the object's JSON; "" means absent. */
    static final class ObjectOrString extends DelegatingDeserializer {
        ObjectOrString(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new ObjectOrString(newDelegatee);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.FIELD_NAME
                    || p.currentToken() == JsonToken.END_OBJECT) {
                return _delegatee.deserialize(p, ctxt);
            }
            Class<?> type = handledType();
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw problem(p, "must be a JSON object", type);
            }
            String text = p.getText();
            if (text.isBlank()) {
                return null;
            }
            JsonNode tree;
            try {
                tree = PARSER.readTree(text);
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                throw problem(p, "must be a JSON object (or a string holding one)", type);
            }
            if (tree == null || !tree.isObject()) {
                throw problem(p, "must be a JSON object (or a string holding one)", type);
            }
            try (JsonParser inner = tree.traverse(p.getCodec())) {
                inner.nextToken();
                return _delegatee.deserialize(inner, ctxt);
            }
        }
    }
}
