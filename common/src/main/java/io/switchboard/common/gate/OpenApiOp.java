package io.switchboard.common.gate;

import io.switchboard.common.api.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Stereotype;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@link OpenApiOperation} and names it: the class is served at {@code POST /openapi/v1/<name>} and
 * documented as its own entry in {@code /q/openapi}. A stereotype, so the class is an application-scoped bean
 * without further annotations. Two operations with one name fail the boot.
 */
@Stereotype
@ApplicationScoped
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OpenApiOp {
    /** The path segment and the suffix of the {@code method} parameter, e.g. {@code getRobot}. */
    String name();

    /** One line for the API document. */
    String summary() default "";

    /** More words for the API document (markdown). */
    String description() default "";

    /** The codes this operation raises itself; the gate's own codes are listed for every operation. */
    ErrorCode[] errors() default {};
}
