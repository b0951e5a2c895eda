package io.switchboard.common.operation;

import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an operation class declares: its name, its {@code data} record, the type it answers with and its error
 * codes. Read once at boot from the class; a class that declares it wrongly fails the boot with a message that
 * says how to fix it.
 *
 * @param responseType the declared return type of {@code handle} (for the API document); {@code Object} when
 *                     the operation does not say
 */
public record OperationSpec(String name, Class<?> operationClass, Class<? extends Record> dataType,
                            Type responseType, List<ErrorCode> errors, String summary, String description) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");

    public static OperationSpec of(Class<?> operationClass) {
        OpenApiOp op = operationClass.getAnnotation(OpenApiOp.class);
        if (op == null) {
            throw new IllegalStateException(operationClass.getName() + " implements OpenApiOperation but has no "
                    + "@OpenApiOp(name = …) annotation");
        }
        if (!NAME.matcher(op.name()).matches()) {
            throw new IllegalStateException(operationClass.getName() + ": operation name '" + op.name()
                    + "' must be 1-64 letters and digits, starting with a letter");
        }
        Class<? extends Record> data = dataType(operationClass);
        checkComponents(operationClass, data);
        return new OperationSpec(op.name(), operationClass, data, responseType(operationClass, data),
                List.of(op.errors()), op.summary(), op.description());
    }

    /** The {@code D} of {@code OpenApiOperation<D>}, found on the class or a superclass. */
    @SuppressWarnings("unchecked")
    static Class<? extends Record> dataType(Class<?> operationClass) {
        for (Class<?> c = operationClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == OpenApiOperation.class) {
                    Type arg = p.getActualTypeArguments()[0];
                    if (arg instanceof Class<?> k && k.isRecord()) {
                        return (Class<? extends Record>) k;
                    }
                    throw new IllegalStateException(operationClass.getName() + " must implement "
                            + "OpenApiOperation<SomeRecord> with a concrete record type, not " + arg.getTypeName());
                }
            }
        }
        throw new IllegalStateException(operationClass.getName() + " must implement OpenApiOperation<SomeRecord>");
    }

    /** Primitive components are refused: with them an absent field would silently read as 0 or false. */
    private static void checkComponents(Class<?> operationClass, Class<?> record) {
        for (RecordComponent rc : record.getRecordComponents()) {
            if (rc.getType().isPrimitive()) {
                throw new IllegalStateException(operationClass.getName() + ": data component " + record.getSimpleName()
                        + "." + rc.getName() + " is a primitive " + rc.getType() + "; use its wrapper type so that "
                        + "an absent field is null (set defaults in the record's compact constructor)");
            }
            if (rc.getType().isRecord() && rc.getType() != record) {
                checkComponents(operationClass, rc.getType());
            }
        }
    }

    private static Type responseType(Class<?> operationClass, Class<?> data) {
        for (Class<?> c = operationClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals("handle") && !m.isBridge() && !m.isSynthetic()
                        && !Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 2
                        && m.getParameterTypes()[0] == OpenApiCall.class && m.getParameterTypes()[1] == data) {
                    return m.getGenericReturnType();
                }
            }
        }
        return Object.class;
    }
}
