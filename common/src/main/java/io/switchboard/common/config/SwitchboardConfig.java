package io.switchboard.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings every service shares, under {@code switchboard.*}; each comes from the environment (SB_*). */
@ConfigMapping(prefix = "switchboard")
public interface SwitchboardConfig {

    /** Local development mode: loopback webhook targets are allowed. Never set in production. */
    @WithDefault("false")
    boolean localMode();

    Admin admin();

    Internal internal();

    OpenApi openapi();

    Crypto crypto();

    Outbox outbox();

    Streams streams();

    Webhooks webhooks();

    Rate rate();

    interface Admin {
        /** Bearer token for /admin/**; when absent every admin call is refused. */
        Optional<String> token();
    }

    interface Internal {
        /** Bearer token services present to each other on /internal/**. */
        Optional<String> token();
    }

    interface OpenApi {
        /** Zone of the {@code timestamp} parameter. */
        @WithDefault("GMT+8")
        String timezone();

        /** Accepted clock skew either side of now. */
        @WithDefault("300s")
        Duration timestampWindow();

        /** Largest accepted request body; larger bodies get 413 in the envelope. */
        @WithDefault("1048576")
        int maxBodyBytes();
    }

    /**
     * Per-merchant Open API request rates (docs/API.md, "Rate limits"): a token bucket per merchant and class,
     * shared by every replica of every service through Redis. These are the defaults; a merchant's own limits
     * (account-service, {@code PUT /admin/merchants/{id}/rate}) replace them field by field.
     */
    interface Rate {
        /** Refill of the general bucket (every operation except the message sends), requests per second. */
        @WithDefault("50")
        @Positive
        double perSecond();

        /** Size of the general bucket: how many requests may come at once after a quiet spell. */
        @WithDefault("100")
        @Positive
        int burst();

        /** Refill of the send bucket ({@code sendMessage}, {@code sendGroupMessage}), requests per second. */
        @WithDefault("100")
        @Positive
        double sendPerSecond();

        @WithDefault("200")
        @Positive
        int sendBurst();
    }

    interface Crypto {
        /** Comma-separated {@code keyId:base64(32 bytes)} AES-256 keys; all are readable. */
        Optional<String> keys();

        /** The key id used for new encryptions. */
        @WithDefault("k1")
        String activeKey();
    }

    interface Outbox {
        /** Run the relay (tests drive it by hand). */
        @WithDefault("true")
        boolean relayEnabled();

        /** Polling interval; writes also wake the relay right after commit. */
        @WithDefault("1s")
        Duration relayInterval();

        @WithDefault("200")
        int batchSize();

        /** Published rows are kept this long, so a lost stream can be republished. */
        @WithDefault("24h")
        Duration retention();

        /** If a stream vanished from Redis, rows published within this window are sent again. */
        @WithDefault("1h")
        Duration republishWindow();

        /** How often the relay checks whether Redis lost its data or a stream (the marker key), and republishes. */
        @WithDefault("30s")
        Duration lostStreamCheckInterval();

        /** Approximate cap on stream length (XADD MAXLEN ~). */
        @WithDefault("1000000")
        long streamMaxLength();
    }

    interface Streams {
        /** Run the stream consumers of this service (tests drive them by hand). */
        @WithDefault("true")
        boolean consume();

        /** Entries pending longer than this are reclaimed from a dead consumer. */
        @WithDefault("30s")
        Duration reclaimIdle();

        /** An entry delivered this many times becomes a dead letter (the dead_letter table). */
        @WithDefault("10")
        int maxDeliveries();

        @WithDefault("64")
        int batchSize();

        @WithDefault("2s")
        Duration block();

        /** How long processed event ids are remembered for deduplication. */
        @WithDefault("7d")
        Duration dedupRetention();
    }

    interface Webhooks {
        /** Hosts or CIDR ranges an admin allows even though they are private or loopback. */
        Optional<List<String>> allowList();

        /** Wait before each attempt; after the last, the delivery is dead (docs/WEBHOOKS.md). */
        @WithDefault("0s,5s,5m,30m,2h,5h,10h,10h")
        List<Duration> retrySchedule();

        /** An attempt succeeds with a 2xx within this time. */
        @WithDefault("15s")
        Duration timeout();

        @WithDefault("16")
        int maxInFlight();

        @WithDefault("1s")
        Duration dispatchInterval();

        /** When account-service cannot say where to deliver, try again after this (no attempt counted). */
        @WithDefault("30s")
        Duration lookupRetry();

        /**
         * Each retry waits its schedule entry times a random factor in [1 - jitter, 1 + jitter] (uniform), so
         * deliveries that failed together do not all come back together; the first attempt is never delayed.
         */
        @WithDefault("0.2")
        double retryJitter();

        /** The longest wait a merchant's {@code Retry-After} (on 429/503) can impose on the next attempt. */
        @WithDefault("1h")
        Duration retryAfterCap();

        Breaker breaker();

        Retention retention();

        Replay replay();

        /** Per-merchant circuit breaker: stop hammering a dead endpoint (state shared by replicas in Redis). */
        interface Breaker {
            @WithDefault("5")
            int failures();

            @WithDefault("60s")
            Duration openFor();
        }

        /** Purging of finished deliveries and their attempts (docs/OPERATIONS.md). */
        interface Retention {
            /** SUCCEEDED deliveries are deleted this long after they were delivered. */
            @WithDefault("30d")
            Duration delivered();

            /** DEAD deliveries are deleted this long after they died (kept longer: they may still be replayed). */
            @WithDefault("90d")
            Duration dead();

            @WithDefault("1h")
            Duration interval();

            /** Rows per delete statement, so a large purge never holds long locks. */
            @WithDefault("1000")
            int batchSize();
        }

        /** Merchant self-service ({@code listDeliveries}, {@code replayDeliveries}). */
        interface Replay {
            /** Widest time range a merchant may list or replay at once. */
            @WithDefault("7d")
            Duration maxRange();

            /** Most deliveries one {@code replayDeliveries} call queues again. */
            @WithDefault("1000")
            int maxPerCall();
        }
    }
}
