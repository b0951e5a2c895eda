package io.switchboard.common.operation;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Binds an operation's {@code data} to its record and validates it. Every refusal is a 400 whose message names
 * the field as {@code data.<field>} (nested: {@code data.socks5.port}, {@code data.items[2]}): 40002 when a
 * required field is missing, 40001 otherwise. Never a 500 for anything the merchant sent.
 * {@code vcMerchantNo} is allowed in every {@code data}: the gate has already checked it.
 */
@ApplicationScoped
public class DataBinder {
    static final String MERCHANT_NO = "vcMerchantNo";

    private final ObjectMapper mapper = DataMapper.create();
    private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

    @Inject
    Validator validator;

    public DataBinder() {}

    /** For tests outside a container. */
    public DataBinder(Validator validator) {
        this.validator = validator;
    }

    public <D extends Record> D bind(OperationSpec spec, ObjectNode data) {
        @SuppressWarnings("unchecked")
        Class<D> type = (Class<D>) spec.dataType();
        ObjectNode input = data;
        if (input.has(MERCHANT_NO) && !JsonNames.fields(type).contains(MERCHANT_NO)) {
            input = input.deepCopy();
            input.remove(MERCHANT_NO);
        }
        D value;
        try {
            value = readers.computeIfAbsent(type, mapper::readerFor).readValue(input);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof ApiException a) {
                throw a; // a record's own cross-field check
            }
            throw new ApiException(ErrorCode.INVALID_PARAMETER, path(e) + " is invalid");
        } catch (DatabindException e) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, describe(e, spec));
        } catch (JacksonException e) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "data cannot be read: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "data cannot be read");
        }
        validate(type, value);
        return value;
    }

    private <D> void validate(Class<D> type, D value) {
        Set<ConstraintViolation<D>> violations = validator.validate(value);
        if (violations.isEmpty()) {
            return;
        }
        boolean missing = violations.stream().anyMatch(DataBinder::isMissing);
        String message = violations.stream()
                .map(v -> jsonPath(type, v.getPropertyPath()) + " " + describe(v))
                .collect(Collectors.toCollection(TreeSet::new)).stream()
                .collect(Collectors.joining("; "));
        throw new ApiException(missing ? ErrorCode.MISSING_PARAMETER : ErrorCode.INVALID_PARAMETER, message);
    }

    static boolean isMissing(ConstraintViolation<?> v) {
        Annotation a = v.getConstraintDescriptor().getAnnotation();
        return a instanceof NotNull || a instanceof NotBlank || a instanceof NotEmpty;
    }

    /** The constraint in words; custom messages are kept as written. */
    static String describe(ConstraintViolation<?> v) {
        Annotation a = v.getConstraintDescriptor().getAnnotation();
        String template = v.getMessageTemplate();
        boolean custom = template != null && !template.startsWith("{jakarta.validation.constraints.")
                && !template.startsWith("{org.hibernate.validator.constraints.");
        if (custom) {
            return v.getMessage();
        }
        boolean text = v.getInvalidValue() instanceof CharSequence;
        String unit = text ? " characters" : " items";
        if (isMissing(v)) {
            return "is required";
        }
        if (a instanceof Size s) {
            if (s.min() <= 0) {
                return "must be at most " + s.max() + unit;
            }
            if (s.max() == Integer.MAX_VALUE) {
                return "must be at least " + s.min() + unit;
            }
            return "must be between " + s.min() + " and " + s.max() + unit;
        }
        if (a instanceof org.hibernate.validator.constraints.Range r) {
            return "must be between " + r.min() + " and " + r.max();
        }
        if (a instanceof Min m) {
            return "must be at least " + m.value();
        }
        if (a instanceof Max m) {
            return "must be at most " + m.value();
        }
        if (a instanceof Pattern p) {
            return "must match " + p.regexp();
        }
        return v.getMessage();
    }

    /** {@code data.socks5.port}, {@code data.ids[2]}: the JSON names, not the Java ones. */
    static String jsonPath(Class<?> root, Path path) {
        StringBuilder out = new StringBuilder("data");
        Type current = root;
        Type element = null;
        for (Path.Node n : path) {
            if (n.isInIterable()) {
                out.append('[').append(n.getIndex() != null ? n.getIndex() : n.getKey()).append(']');
                current = element;
            }
            if (n.getKind() == ElementKind.PROPERTY && current instanceof Class<?> c) {
                out.append('.').append(JsonNames.json(c, n.getName()));
                Type next = JsonNames.componentType(c, n.getName());
                element = JsonNames.elementType(next);
                current = next;
            }
        }
        return out.toString();
    }

    static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder("data");
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                out.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    static String describe(DatabindException e, OperationSpec spec) {
        if (!(e instanceof JsonMappingException m)) {
            return "data cannot be read";
        }
        String at = path(m);
        if (m instanceof UnrecognizedPropertyException u) {
            Collection<Object> known = u.getKnownPropertyIds();
            return at + " is not a field of " + (m.getPath().size() == 1 ? spec.name() + "'s data" : "this object")
                    + "; known fields: " + new TreeSet<>(known.stream().map(String::valueOf).toList());
        }
        if (m instanceof DataMapper.FieldProblem) {
            return at + " " + m.getOriginalMessage();
        }
        if (m instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            return at + " must be one of " + Arrays.toString(f.getTargetType().getEnumConstants());
        }
        if (m instanceof MismatchedInputException mi && mi.getTargetType() != null) {
            return at + " must be " + expected(mi.getTargetType());
        }
        return at + " is invalid";
    }

    private static String expected(Class<?> t) {
        if (t.isEnum()) {
            return "one of " + Arrays.toString(t.getEnumConstants());
        }
        if (t.isRecord() || Map.class.isAssignableFrom(t)) {
            return "a JSON object";
        }
        if (t.isArray() || Collection.class.isAssignableFrom(t)) {
            return "a JSON array";
        }
        if (t == String.class) {
            return "a string";
        }
        return "of type " + t.getSimpleName();
    }

    /** Field names a data record accepts (for the unknown-field message and tests). */
    public static List<String> fieldsOf(Class<? extends Record> type) {
        return JsonNames.fields(type);
    }
}
