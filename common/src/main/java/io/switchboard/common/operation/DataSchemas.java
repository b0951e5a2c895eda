package io.switchboard.common.operation;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/**
 * JSON Schemas (SmallRye OpenAPI model) of data records and answer types, read from the Java types and their
 * Bean Validation constraints, so the document says exactly what the binder enforces: lengths, ranges,
 * patterns, required fields, array sizes. Descriptions, examples and defaults come from {@code @Schema} on a
 * component. Nested records are inlined; answer records become named components ({@link #components}).
 */
final class DataSchemas {
    private final Map<String, Schema> components;
    private final Map<String, Class<?>> componentOwners;

    /**
     * @param components      the document's component schemas; answer records are added here by simple name
     * @param componentOwners which class each added component stands for (to tell two classes of one name apart)
     */
    DataSchemas(Map<String, Schema> components, Map<String, Class<?>> componentOwners) {
        this.components = components;
        this.componentOwners = componentOwners;
    }

    /** The schema of an operation's data record: closed (unknown fields are refused), with its required list. */
    Schema input(Class<?> record) {
        return object(record, true, 0);
    }

    /** The schema of an answer: a reference to a component for records, inline otherwise. */
    Schema output(Type type) {
        return of(type, null, new Annotation[0], false, 0);
    }

    private Schema object(Class<?> record, boolean input, int depth) {
        Schema s = OASFactory.createSchema().addType(SchemaType.OBJECT);
        for (RecordComponent rc : record.getRecordComponents()) {
            Annotation[] annotations = annotations(rc);
            s.addProperty(JsonNames.json(rc), of(rc.getGenericType(), rc.getAnnotatedType(), annotations, input, depth + 1));
            if (input && Arrays.stream(annotations).anyMatch(a -> a instanceof NotNull || a instanceof NotBlank
                    || a instanceof NotEmpty)) {
                s.addRequired(JsonNames.json(rc));
            }
        }
        if (input) {
            s.additionalPropertiesBoolean(false);
        }
        describe(s, record.getAnnotation(org.eclipse.microprofile.openapi.annotations.media.Schema.class));
        return s;
    }

    /** Constraints on a record component sit on its field (Java propagates them there). */
    private static Annotation[] annotations(RecordComponent rc) {
        try {
            Field f = rc.getDeclaringRecord().getDeclaredField(rc.getName());
            return f.getAnnotations();
        } catch (NoSuchFieldException e) {
            return rc.getAnnotations();
        }
    }

    private Schema of(Type type, AnnotatedType annotated, Annotation[] annotations, boolean input, int depth) {
        Class<?> raw = raw(type);
        Schema s = OASFactory.createSchema();
        if (depth > 12) {
            return s; // a cycle in an answer type: stop describing rather than loop
        }
        if (raw == String.class || raw == Character.class) {
            s.addType(SchemaType.STRING);
        } else if (raw == Integer.class || raw == int.class || raw == Short.class || raw == short.class) {
            s.addType(SchemaType.INTEGER).format("int32");
        } else if (raw == Long.class || raw == long.class) {
            s.addType(SchemaType.INTEGER).format("int64");
        } else if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class
                || raw == BigDecimal.class) {
            s.addType(SchemaType.NUMBER);
        } else if (raw == Boolean.class || raw == boolean.class) {
            s.addType(SchemaType.BOOLEAN);
        } else if (raw == Instant.class) {
            s.addType(SchemaType.STRING).format("date-time");
        } else if (raw.isEnum()) {
            s.addType(SchemaType.STRING);
            for (Object c : raw.getEnumConstants()) {
                s.addEnumeration(((Enum<?>) c).name());
            }
        } else if (raw.isArray() || Collection.class.isAssignableFrom(raw)) {
            s.addType(SchemaType.ARRAY);
            Type element = JsonNames.elementType(type);
            AnnotatedType annotatedElement = elementOf(annotated);
            s.items(of(element == null ? Object.class : element, annotatedElement,
                    annotatedElement == null ? new Annotation[0] : annotatedElement.getAnnotations(), input, depth + 1));
        } else if (Map.class.isAssignableFrom(raw)) {
            s.addType(SchemaType.OBJECT);
            if (type instanceof ParameterizedType p && p.getActualTypeArguments().length == 2) {
                s.additionalPropertiesSchema(of(p.getActualTypeArguments()[1], null, new Annotation[0], input, depth + 1));
            }
        } else if (raw.isRecord()) {
            String name = input ? null : component(raw, depth);
            s = name == null ? object(raw, input, depth) : s.ref("#/components/schemas/" + name);
        } else if (JsonNode.class.isAssignableFrom(raw) || raw == Object.class) {
            s.description("any JSON value");
        } else {
            s.addType(SchemaType.OBJECT);
        }
        constraints(s, annotations, raw);
        if (annotated != null) {
            constraints(s, annotated.getAnnotations(), raw);
        }
        for (Annotation a : annotations) {
            if (a instanceof org.eclipse.microprofile.openapi.annotations.media.Schema doc) {
                describe(s, doc);
            }
        }
        return s;
    }

    /**
     * The component name of an answer record. A schema the annotation scan already made under the simple name
     * is reused when it has the same fields (the same class, seen from a JAX-RS resource); another class of that
     * name gets its qualified name instead of overwriting it. Null when neither name is free (the caller then
     * inlines the schema).
     */
    private String component(Class<?> record, int depth) {
        String name = record.getSimpleName();
        if (!claim(name, record)) {
            name = record.getName().substring(record.getName().lastIndexOf('.') + 1).replace('$', '.');
            if (!claim(name, record)) {
                return null;
            }
        }
        if (!components.containsKey(name)) {
            components.put(name, OASFactory.createSchema()); // placeholder: a self-reference stops here
            components.put(name, object(record, false, depth));
        }
        return name;
    }

    /** True when {@code name} is free for {@code record} or already stands for it. */
    private boolean claim(String name, Class<?> record) {
        Class<?> owner = componentOwners.get(name);
        if (owner != null) {
            return owner == record;
        }
        Schema existing = components.get(name);
        if (existing != null && (existing.getProperties() == null
                || !existing.getProperties().keySet().equals(new java.util.HashSet<>(JsonNames.fields(record))))) {
            return false;
        }
        componentOwners.put(name, record);
        return true;
    }

    private static void constraints(Schema s, Annotation[] annotations, Class<?> raw) {
        boolean array = raw.isArray() || Collection.class.isAssignableFrom(raw);
        for (Annotation a : annotations) {
            if (a instanceof Size size) {
                if (array) {
                    if (size.min() > 0) s.minItems(size.min());
                    if (size.max() < Integer.MAX_VALUE) s.maxItems(size.max());
                } else {
                    if (size.min() > 0) s.minLength(size.min());
                    if (size.max() < Integer.MAX_VALUE) s.maxLength(size.max());
                }
            } else if (a instanceof NotBlank || (a instanceof NotEmpty && !array)) {
                s.minLength(Math.max(1, s.getMinLength() == null ? 1 : s.getMinLength()));
            } else if (a instanceof NotEmpty) {
                s.minItems(Math.max(1, s.getMinItems() == null ? 1 : s.getMinItems()));
            } else if (a instanceof Pattern p) {
                s.pattern("^(?:" + p.regexp() + ")$");
            } else if (a instanceof Min m) {
                s.minimum(BigDecimal.valueOf(m.value()));
            } else if (a instanceof Max m) {
                s.maximum(BigDecimal.valueOf(m.value()));
            } else if (a instanceof org.hibernate.validator.constraints.Range r) {
                s.minimum(BigDecimal.valueOf(r.min())).maximum(BigDecimal.valueOf(r.max()));
            } else if (a instanceof Positive) {
                s.minimum(BigDecimal.ONE);
            } else if (a instanceof PositiveOrZero) {
                s.minimum(BigDecimal.ZERO);
            }
        }
    }

    private static void describe(Schema s, org.eclipse.microprofile.openapi.annotations.media.Schema doc) {
        if (doc == null) {
            return;
        }
        if (!doc.description().isEmpty()) s.description(doc.description());
        if (!doc.example().isEmpty()) s.example(typed(s, doc.example()));
        if (!doc.defaultValue().isEmpty()) s.defaultValue(typed(s, doc.defaultValue()));
        if (doc.enumeration().length > 0) s.enumeration(new ArrayList<>(List.of((Object[]) doc.enumeration())));
    }

    /** An example or default in the schema's own type: {@code 20}, not {@code "20"}, for an integer. */
    private static Object typed(Schema s, String value) {
        List<SchemaType> types = s.getType() == null ? List.of() : s.getType();
        try {
            if (types.contains(SchemaType.INTEGER)) return Long.parseLong(value);
            if (types.contains(SchemaType.NUMBER)) return new BigDecimal(value);
        } catch (NumberFormatException e) {
            return value;
        }
        if (types.contains(SchemaType.BOOLEAN) && (value.equals("true") || value.equals("false"))) {
            return Boolean.parseBoolean(value);
        }
        return value;
    }

    private static AnnotatedType elementOf(AnnotatedType t) {
        if (t instanceof AnnotatedParameterizedType p && p.getAnnotatedActualTypeArguments().length == 1) {
            return p.getAnnotatedActualTypeArguments()[0];
        }
        if (t instanceof AnnotatedArrayType a) {
            return a.getAnnotatedGenericComponentType();
        }
        return null;
    }

    private static Class<?> raw(Type t) {
        if (t instanceof Class<?> c) return c;
        if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) return c;
        return Object.class;
    }
}
