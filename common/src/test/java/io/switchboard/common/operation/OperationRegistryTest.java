package io.switchboard.common.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.gate.OpenApiCall;
import io.switchboard.common.gate.OpenApiOp;
import io.switchboard.common.gate.OpenApiOperation;
import jakarta.enterprise.inject.Vetoed;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operation registry without a Quarkus boot: what a class declares, and the refusals that fail the boot. */
class OperationRegistryTest {
    record Ref(@NotBlank String vcRobotSerialNo) {}

    record Answer(String vcRobotSerialNo, int nState) {}

    @Vetoed // a fixture, not a bean of common's own Quarkus tests
    @OpenApiOp(name = "getThing", errors = {ErrorCode.ROBOT_NOT_FOUND, ErrorCode.FORBIDDEN})
    static class GetThing implements OpenApiOperation<Ref> {
        @Override
        public Answer handle(OpenApiCall call, Ref data) {
            return new Answer(data.vcRobotSerialNo(), 0);
        }
    }

    @Vetoed // a fixture, not a bean of common's own Quarkus tests
    @OpenApiOp(name = "getThing")
    static class AnotherGetThing implements OpenApiOperation<Ref> {
        @Override
        public Object handle(OpenApiCall call, Ref data) {
            return null;
        }
    }

    static class Unnamed implements OpenApiOperation<Ref> {
        @Override
        public Object handle(OpenApiCall call, Ref data) {
            return null;
        }
    }

    @Vetoed // a fixture, not a bean of common's own Quarkus tests
    @OpenApiOp(name = "get-thing")
    static class BadName implements OpenApiOperation<Ref> {
        @Override
        public Object handle(OpenApiCall call, Ref data) {
            return null;
        }
    }

    record WithPrimitive(int page) {}

    @Vetoed // a fixture, not a bean of common's own Quarkus tests
    @OpenApiOp(name = "listThings")
    static class PrimitiveData implements OpenApiOperation<WithPrimitive> {
        @Override
        public Object handle(OpenApiCall call, WithPrimitive data) {
            return null;
        }
    }

    @Vetoed // a fixture, not a bean of common's own Quarkus tests
    @SuppressWarnings("rawtypes")
    @OpenApiOp(name = "rawThing")
    static class Raw implements OpenApiOperation {
        @Override
        public Object handle(OpenApiCall call, Record data) {
            return null;
        }
    }

    static OperationRegistry.Entry entry(Class<?> c) {
        return new OperationRegistry.Entry(OperationSpec.of(c), () -> null);
    }

    @Test
    void declarationIsReadFromTheClass() {
        OperationSpec spec = OperationSpec.of(GetThing.class);
        assertEquals("getThing", spec.name());
        assertEquals(Ref.class, spec.dataType());
        assertEquals(Answer.class, spec.responseType(), "the answer type comes from handle's declared return type");
        assertEquals(List.of(ErrorCode.ROBOT_NOT_FOUND, ErrorCode.FORBIDDEN), spec.errors());
    }

    @Test
    void twoOperationsWithOneNameAreRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OperationRegistry.index(List.of(entry(GetThing.class), entry(AnotherGetThing.class))));
        assertTrue(e.getMessage().contains("two Open API operations are named 'getThing'"), e.getMessage());
        assertTrue(e.getMessage().contains(GetThing.class.getName()) && e.getMessage().contains(AnotherGetThing.class.getName()),
                "the message names both classes: " + e.getMessage());
        Map<String, OperationRegistry.Entry> one = OperationRegistry.index(List.of(entry(GetThing.class)));
        assertEquals(List.of("getThing"), List.copyOf(one.keySet()));
    }

    @Test
    void badlyDeclaredOperationsAreRefused() {
        assertTrue(assertThrows(IllegalStateException.class, () -> OperationSpec.of(Unnamed.class)).getMessage()
                .contains("@OpenApiOp"));
        assertTrue(assertThrows(IllegalStateException.class, () -> OperationSpec.of(BadName.class)).getMessage()
                .contains("'get-thing'"));
        assertTrue(assertThrows(IllegalStateException.class, () -> OperationSpec.of(PrimitiveData.class)).getMessage()
                .contains("WithPrimitive.page is a primitive"));
        assertTrue(assertThrows(IllegalStateException.class, () -> OperationSpec.of(Raw.class)).getMessage()
                .contains("OpenApiOperation<SomeRecord>"));
    }
}
