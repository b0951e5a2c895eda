package io.switchboard.common.gate;

/**
 * One Open API operation, declared with {@link OpenApiOp}. {@code D} is the record its {@code data} binds to:
 * its components carry Bean Validation constraints (lengths from seed 001's 最大长度 column, required fields,
 * array sizes, patterns) and, optionally, {@code @Schema(description = …)} for the API document. By the time
 * {@link #handle} runs, the gate has verified the call and {@code data} is bound and valid (docs/API.md,
 * "Operations"). The returned object becomes the envelope's {@code data}.
 *
 * <pre>{@code
 * @OpenApiOp(name = "getRobot", errors = {ROBOT_NOT_FOUND, FORBIDDEN})
 * public class GetRobotOperation implements OpenApiOperation<GetRobotOperation.Data> {
 *     public record Data(@NotBlank @Size(max = 256) String vcRobotSerialNo) {}
 *     @Inject RobotQueryService robots;
 *     public RobotView handle(OpenApiCall call, Data data) { return robots.get(call.merchantId(), data.vcRobotSerialNo()); }
 * }
 * }</pre>
 */
public interface OpenApiOperation<D extends Record> {
    Object handle(OpenApiCall call, D data);
}
