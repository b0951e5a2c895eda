package io.switchboard.common.api;

/**
 * The platform's error catalogue. {@code code} is the envelope's {@code nErrorCode}; the HTTP status tells the
 * class of error (DESIGN §2). Every entry is documented in docs/API.md; keep the two in step.
 */
public enum ErrorCode {
    OK(0, 200, "success"),

    INVALID_PARAMETER(40001, 400, "a parameter is invalid"),
    MISSING_PARAMETER(40002, 400, "a required parameter is missing"),
    MALFORMED_BODY(40003, 400, "the request body cannot be parsed"),
    METHOD_MISMATCH(40004, 400, "the method parameter does not match the operation in the path"),
    UNSUPPORTED_SIGN_TYPE(40005, 400, "sign_type must be RSA2 or RSA"),
    INVALID_TIMESTAMP(40006, 400, "timestamp must be formatted yyyy-MM-dd HH:mm:ss"),
    UNSUPPORTED_MEDIA_TYPE(40007, 400, "the body must be application/x-www-form-urlencoded or application/json"),
    UNSUPPORTED_VERSION(40008, 400, "version must be 1.0"),
    INVALID_DATA(40009, 400, "data must be a JSON object encoded as a string"),
    CONTROL_CHARACTER(40010, 400, "a value holds a control character (such as NUL) where none is allowed"),
    UNSUPPORTED_BY_PROTOCOL(40011, 400, "the operation is not supported by the robot's protocol"),

    UNAUTHORIZED(40100, 401, "a valid bearer token is required"),
    INVALID_SIGNATURE(40101, 401, "the signature does not verify with the merchant's registered public key"),
    TIMESTAMP_OUT_OF_WINDOW(40102, 401, "timestamp is outside the accepted window"),
    UNKNOWN_APP_ID(40103, 401, "app_id is not known"),
    MERCHANT_MISMATCH(40104, 401, "merchant_id does not belong to app_id"),
    MERCHANT_DISABLED(40105, 401, "the merchant is disabled"),

    FORBIDDEN(40301, 403, "the resource belongs to another merchant"),
    MERCHANT_NO_MISMATCH(40302, 403, "vcMerchantNo does not match the calling merchant"),

    NOT_FOUND(40401, 404, "not found"),
    UNKNOWN_OPERATION(40402, 404, "this operation is not served here"),
    ROBOT_NOT_FOUND(40403, 404, "robot not found"),

    REPLAYED_REQUEST(40901, 409, "this signed request was already received"),
    CONFLICT(40902, 409, "the request conflicts with the current state"),

    CURSOR_EXPIRED(41001, 410, "the cursor is older than the oldest entry the stream keeps"),

    PAYLOAD_TOO_LARGE(41301, 413, "the request body is too large"),

    RATE_LIMITED(42901, 429, "too many requests"),

    INTERNAL_ERROR(50001, 500, "internal error"),
    DEPENDENCY_UNAVAILABLE(50301, 503, "a dependency is unavailable, try again later");

    private final int code;
    private final int httpStatus;
    private final String defaultMessage;

    ErrorCode(int code, int httpStatus, String defaultMessage) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.defaultMessage = defaultMessage;
    }

    public int code() { return code; }

    public int httpStatus() { return httpStatus; }

    public String defaultMessage() { return defaultMessage; }
}
