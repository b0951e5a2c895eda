package io.switchboard.common.gate;

/**
 * One Open API operation served by this service ({@code POST /openapi/v1/{name}}). Implementations are CDI beans;
 * the returned object becomes the envelope's {@code data}.
 */
public interface OpenApiOperation {
    String name();

    Object handle(OpenApiCall call);
}
