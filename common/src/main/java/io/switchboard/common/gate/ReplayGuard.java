package io.switchboard.common.gate;

import io.quarkus.redis.datasource.RedisDataSource;
import io.switchboard.common.api.ApiException;
import io.switchboard.common.api.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Refuses a second request with the same (app_id, sign). The key lives for twice the timestamp window: past
 * that the timestamp check refuses the request anyway. Shared through Redis, so it holds across replicas. Open API
 * calls record it together with their rate token ({@link RateLimiter#admit}); the stream handshake records it here.
 */
@ApplicationScoped
public class ReplayGuard {
    @Inject
    RedisDataSource redis;

    public void remember(String appId, String sign, Duration window) {
        remember(key(appId, sign), window.multipliedBy(2));
    }

    /** Records {@code key} for {@code ttl}; 409 when it is there already, 503 when Redis cannot answer. */
    public void remember(String key, Duration ttl) {
        io.vertx.mutiny.redis.client.Response r;
        try {
            r = redis.execute("SET", key, "1", "NX", "PX", Long.toString(ttl.toMillis()));
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        if (r == null) {
            throw replayed();
        }
    }

    /** The record of one signed request: keyed on the decoded signature bytes, so re-spelt base64 cannot dodge it. */
    public static String key(String appId, String sign) {
        return "sb:replay:" + appId + ":" + sha256(signatureBytes(sign));
    }

    static ApiException replayed() {
        return new ApiException(ErrorCode.REPLAYED_REQUEST,
                "this signed request was already received; sign each request with a fresh timestamp");
    }

    static ApiException unavailable(RuntimeException e) {
        return new ApiException(ErrorCode.DEPENDENCY_UNAVAILABLE, "replay protection is unavailable (Redis)", e);
    }

    static byte[] signatureBytes(String sign) {
        byte[] decoded = RsaKeys.decodeSignature(sign);
        return decoded != null ? decoded : sign.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
