package io.switchboard.common.api;

/** Error body of the admin and internal APIs: the catalogue code's name, its number and what went wrong. */
// Jackson reads and writes it by reflection (also in a native image).
@io.quarkus.runtime.annotations.RegisterForReflection
public record ErrorBody(String error, int code, String message) {
    public static ErrorBody of(ErrorCode code, String message) {
        return new ErrorBody(code.name(), code.code(), message);
    }
}
