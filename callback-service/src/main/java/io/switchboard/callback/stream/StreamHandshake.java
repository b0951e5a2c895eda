package io.switchboard.callback.stream;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.DatabaseOutage;
import io.switchboard.common.api.ErrorCode;
import io.switchboard.common.api.Formats;
import io.switchboard.common.auth.TokenAuthFilter;
import io.switchboard.common.config.SwitchboardConfig;
import io.switchboard.common.gate.OpenApiGate;
import io.switchboard.common.gate.RequestParams;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Decides a {@code GET /stream/ws} handshake before the upgrade (docs/STREAM.md "Connecting"). A merchant signs
 * the query parameters exactly like an Open API call to the operation {@code stream} (the gate's own checks:
 * shapes, timestamp window, key, signature, replay); an admin sends the admin bearer token and names the
 * merchant. A refusal is an HTTP status with the error code and reason in headers (a refused upgrade has no body).
 * An accepted handshake holds a connection slot and leaves the merchant and the starting cursor in the
 * connection's user data.
 */
@ApplicationScoped
public class StreamHandshake implements HttpUpgradeCheck {
    private static final Logger LOG = Logger.getLogger(StreamHandshake.class);
    public static final String OPERATION = "stream";
    public static final String REASON_HEADER = "x-switchboard-reason";
    public static final String ERROR_HEADER = "x-switchboard-error";
    static final UserData.TypedKey<String> MERCHANT = UserData.TypedKey.forString("sb.stream.merchant");
    static final UserData.TypedKey<Long> CURSOR = UserData.TypedKey.forLong("sb.stream.cursor");
    static final UserData.TypedKey<String> SLOT = UserData.TypedKey.forString("sb.stream.slot");
    /** A cursor is a merchant's entry number: at most 18 digits, so it always fits a long. */
    private static final int MAX_CURSOR_DIGITS = 18;

    @Inject
    OpenApiGate gate;
    @Inject
    SwitchboardConfig config;
    @Inject
    StreamLog log;
    @Inject
    ConnectionSlots slots;

    @Override
    public boolean appliesTo(String endpointId) {
        return StreamEndpoint.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpServerRequest request = context.httpRequest();
        String query = request.query() == null ? "" : request.query();
        String authorization = request.getHeader("Authorization");
        // The gate, the merchant lookup, the database and Redis all block: never on the event loop.
        return Uni.createFrom().item(() -> decide(query, authorization, context.userData()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private CheckResult decide(String query, String authorization, UserData userData) {
        try {
            byte[] raw = query.getBytes(StandardCharsets.UTF_8);
            Map<String, String> p = query.isEmpty() ? Map.of() : RequestParams.parse("application/x-www-form-urlencoded", raw);
            Long since = since(p.get("since"));
            String merchantId;
            if (authorization != null) {
                if (!TokenAuthFilter.matches(TokenAuthFilter.bearer(authorization), config.admin().token())) {
                    throw new ApiException(ErrorCode.UNAUTHORIZED, "invalid admin bearer token");
                }
                merchantId = p.get("merchant_id");
                if (merchantId == null || merchantId.isEmpty()) {
                    throw ApiException.missing("merchant_id");
                }
                if (!Formats.isId(merchantId)) {
                    throw ApiException.invalid("merchant_id must be at most " + Formats.MAX_ID
                            + " letters, digits, '.', '_' or '-'");
                }
            } else {
                if (p.isEmpty()) {
                    throw new ApiException(ErrorCode.UNAUTHORIZED, "sign the query like an Open API call to the "
                            + "operation 'stream' (docs/STREAM.md), or send the admin bearer token");
                }
                merchantId = gate.verify(UUID.randomUUID().toString(), OPERATION, "application/x-www-form-urlencoded",
                        raw).merchantId();
            }
            long head = log.head(merchantId);
            if (since != null && since > head) {
                throw ApiException.invalid("since=" + since + " is ahead of merchant " + merchantId
                        + "'s stream, whose last cursor is " + head);
            }
            if (since != null && since < head) {
                // Numbers are dense, so a hole before the oldest kept entry is what retention deleted.
                long oldest = log.oldest(merchantId);
                if (oldest == 0 || since < oldest - 1) {
                    throw new ApiException(ErrorCode.CURSOR_EXPIRED, "since=" + since + " is older than merchant "
                            + merchantId + "'s stream keeps (switchboard.callback.stream.retention); the oldest kept "
                            + "cursor is " + (oldest == 0 ? head : oldest) + ": reconnect with since="
                            + (oldest == 0 ? head : oldest - 1) + " and fetch what was missed with listDeliveries");
                }
            }
            String slot = UUID.randomUUID().toString();
            slots.take(merchantId, slot);
            userData.put(MERCHANT, merchantId);
            userData.put(CURSOR, since != null ? since : head);
            userData.put(SLOT, slot);
            return CheckResult.permitUpgradeSync();
        } catch (ApiException e) {
            return reject(e.errorCode(), e.getMessage());
        } catch (RuntimeException e) {
            if (DatabaseOutage.is(e)) {
                return reject(ErrorCode.DEPENDENCY_UNAVAILABLE, "the database is unavailable; retry later");
            }
            LOG.error("stream handshake failed", e);
            return reject(ErrorCode.INTERNAL_ERROR, "internal error");
        }
    }

    /** {@code since}: absent means "from now"; otherwise a cursor this stream handed out (0 = from the start). */
    static Long since(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_CURSOR_DIGITS || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ApiException.invalid("since must be a cursor from this stream (a decimal number of at most "
                    + MAX_CURSOR_DIGITS + " digits), got '" + value + "'");
        }
        return Long.parseLong(value);
    }

    private static CheckResult reject(ErrorCode code, String reason) {
        return CheckResult.rejectUpgradeSync(code.httpStatus(), Map.of(
                ERROR_HEADER, List.of(Integer.toString(code.code())),
                REASON_HEADER, List.of(headerSafe(reason))));
    }

    /** A reason may quote the caller's input: only printable ASCII goes into a header (no CR/LF injection). */
    static String headerSafe(String reason) {
        StringBuilder b = new StringBuilder(reason.length());
        reason.chars().forEach(c -> b.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return b.toString();
    }
}
