package io.switchboard.common.api;

/** A failure with a catalogued code; mapped to the envelope (Open API) or to {@link ErrorBody} (admin, internal). */
public class ApiException extends RuntimeException {
    private final ErrorCode errorCode;

    public ApiException(ErrorCode errorCode, String message) {
        super(message == null ? errorCode.defaultMessage() : message);
        this.errorCode = errorCode;
    }

    public ApiException(ErrorCode errorCode) {
        this(errorCode, null);
    }

    public ApiException(ErrorCode errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() { return errorCode; }

    public static ApiException invalid(String message) { return new ApiException(ErrorCode.INVALID_PARAMETER, message); }

    public static ApiException missing(String name) {
        return new ApiException(ErrorCode.MISSING_PARAMETER, name + " is required");
    }
}
