package io.switchboard.common.api;

import com.fasterxml.jackson.core.JsonProcessingException;
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
 * elsewhere. Unknown failures become 500 without internals in the body (they are logged with the serial).
 */
public class ApiExceptionMappers {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @Inject
    RequestSerial serial;

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        return respond(uri, e.errorCode(), e.getMessage());
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
        return respond(uri, ErrorCode.MALFORMED_BODY, "malformed JSON: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
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
        if (isDatabaseOutage(e)) {
            LOG.warnf("database unavailable on %s: %s", uri.getPath(), e.toString());
            return respond(uri, ErrorCode.DEPENDENCY_UNAVAILABLE, "the database is unavailable, try again later");
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

    /** A lost or refused connection (not a bad statement): the client may retry, so 503 rather than 500. */
    static boolean isDatabaseOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof org.hibernate.exception.JDBCConnectionException
                    || (t instanceof java.sql.SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }

    private static String describe(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        int dot = path.lastIndexOf('.');
        return (dot >= 0 ? path.substring(dot + 1) : path) + " " + v.getMessage();
    }
}
