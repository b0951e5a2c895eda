package io.switchboard.common.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.switchboard.common.json.ControlCharacterException;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * One place that turns failures into responses: the seed envelope on {@code /openapi/**}, {@link ErrorBody}
 * elsewhere. A database outage ({@link DatabaseOutage}) becomes 503, text PostgreSQL cannot store
 * ({@link UnstorableText}) 400; other unknown failures become 500 without internals in the body (they are logged
 * with the serial).
 */
public class ApiExceptionMappers {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @Inject
    RequestSerial serial;

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        Response r = respond(uri, e.errorCode(), e.getMessage());
        if (e instanceof RateLimited limited) {
            return Response.fromResponse(r).header("Retry-After", limited.retryAfterSeconds()).build();
        }
        return r;
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        String message = e.getConstraintViolations().stream()
                .map(ApiExceptionMappers::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        return respond(uri, ErrorCode.INVALID_PARAMETER, message);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        if (e instanceof ControlCharacterException) {
            return respond(uri, ErrorCode.CONTROL_CHARACTER, e.getOriginalMessage());
        }
        return respond(uri, ErrorCode.MALFORMED_BODY, "malformed JSON: " + e.getOriginalMessage());
    }

    /** Also ours, not Quarkus' built-in one (a bare 400): trailing content, a string where an object belongs. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException cause) {
            return json(cause, uri); // the JSON body reader wraps what it cannot parse
        }
        ErrorCode code = switch (status) {
            case 400 -> ErrorCode.MALFORMED_BODY;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405, 415 -> ErrorCode.INVALID_PARAMETER;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.INVALID_PARAMETER;
        };
        if (status >= 500) {
            LOG.errorf(e, "request failed with %d", status);
        }
        String message = status == 405 ? "method not allowed" : status == 415 ? "unsupported media type"
                : e.getMessage();
        Response r = respond(uri, code, message);
        return status == code.httpStatus() ? r : Response.fromResponse(r).status(status).build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(RuntimeException e, UriInfo uri) {
        if (DatabaseOutage.is(e)) {
            LOG.warnf("database unavailable on %s: %s", uri.getPath(), e.toString());
            return respond(uri, ErrorCode.DEPENDENCY_UNAVAILABLE, "the database is unavailable, try again later");
        }
        if (UnstorableText.is(e)) {
            // A door missed a NUL: still the client's input, so a 400 and no stack trace.
            LOG.warnf("unstorable text on %s: %s", uri.getPath(), e.toString());
            return respond(uri, ErrorCode.CONTROL_CHARACTER,
                    "a value holds a character that cannot be stored (NUL); remove it and send again");
        }
        LOG.errorf(e, "unexpected failure on %s", uri.getPath());
        return respond(uri, ErrorCode.INTERNAL_ERROR, ErrorCode.INTERNAL_ERROR.defaultMessage());
    }

    Response respond(UriInfo uri, ErrorCode code, String message) {
        Object body = uri.getPath().startsWith("/openapi/")
                ? ApiEnvelope.error(serial.get(), code, message)
                : ErrorBody.of(code, message);
        return Response.status(code.httpStatus()).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    private static String describe(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        int dot = path.lastIndexOf('.');
        return (dot >= 0 ? path.substring(dot + 1) : path) + " " + v.getMessage();
    }
}
