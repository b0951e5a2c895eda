package io.switchboard.common.operation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The JSON name of a record component: its {@code @JsonProperty} value, else its Java name. */
final class JsonNames {
    private JsonNames() {}

    static String json(Class<?> record, String component) {
        try {
            Field f = record.getDeclaredField(component);
            JsonProperty p = f.getAnnotation(JsonProperty.class);
            return p != null && !p.value().isEmpty() ? p.value() : component;
        } catch (NoSuchFieldException e) {
            return component;
        }
    }

    static String json(RecordComponent rc) {
        return json(rc.getDeclaringRecord(), rc.getName());
    }

    static List<String> fields(Class<?> record) {
        List<String> out = new ArrayList<>();
        if (record.isRecord()) {
            for (RecordComponent rc : record.getRecordComponents()) {
                out.add(json(rc));
            }
        }
        return out;
    }

    static Type componentType(Class<?> record, String component) {
        if (record.isRecord()) {
            for (RecordComponent rc : record.getRecordComponents()) {
                if (rc.getName().equals(component)) {
                    return rc.getGenericType();
                }
            }
        }
        return null;
    }

    /** The element type of a collection or array type, else null. */
    static Type elementType(Type t) {
        if (t instanceof Class<?> c && c.isArray()) {
            return c.getComponentType();
        }
        if (t instanceof GenericArrayType g) {
            return g.getGenericComponentType();
        }
        if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                && Collection.class.isAssignableFrom(raw)) {
            Type arg = p.getActualTypeArguments()[0];
            return arg instanceof ParameterizedType pa ? pa.getRawType() : arg;
        }
        return null;
    }
}
