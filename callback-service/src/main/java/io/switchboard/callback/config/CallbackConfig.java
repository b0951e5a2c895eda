package io.switchboard.callback.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * callback-service's own settings ({@code switchboard.callback.*}); the settings every service shares are in
 * common's {@code SwitchboardConfig}. Each default is written here and nowhere else; application.properties only maps
 * SB_* variables onto them.
 */
@ConfigMapping(prefix = "switchboard.callback")
public interface CallbackConfig {
    Commands commands();

    Links links();

    Line line();

    Presence presence();

    Engines engines();

    Stream stream();

    Shutdown shutdown();

    /** Graceful shutdown of a replica (docs/DEPLOY.md "graceful shutdown"). */
    interface Shutdown {
        /**
         * How long shutdown waits for webhook sends already under way (a send times out after 15 s) after the links
         * were handed over; what is still unfinished then is sent again by another replica when its claim lapses.
         */
        @WithDefault("20s")
        Duration drainTimeout();

        /**
         * How long shutdown waits, before handing engine links over, for the results of commands already sent over
         * them: a command that cannot safely be sent twice (a message) would otherwise fail when the link moves.
         */
        @WithDefault("5s")
        Duration commandWait();
    }

    /** Robot commands. */
    interface Commands {
        /** Deadline of a command whose request names none. */
        @WithDefault("300s")
        Duration defaultTimeout();
    }

    /** Link ownership across replicas (docs/ARCHITECTURE.md "Robot links"). */
    interface Links {
        /** A replica whose liveness key is older than this has lost all its links. */
        @WithDefault("30s")
        Duration leaseTtl();

        /** How often a replica renews its liveness key (one Redis write, whatever the number of links). */
        @WithDefault("10s")
        Duration renewInterval();

        /** How often PENDING commands of the links this replica owns are sent again (a lost dispatch's cost). */
        @WithDefault("5s")
        Duration redispatchInterval();

        /** How often engine links whose owner died are looked for and taken over. */
        @WithDefault("5s")
        Duration takeoverInterval();

        /** At most this many links taken over per replica and round, so survivors share a dead replica's links. */
        @WithDefault("200")
        int takeoverBatch();

        /** How often the owner map is checked against the links this replica holds (a dropped message, lost data). */
        @WithDefault("60s")
        Duration reconcileInterval();
    }

    /** The LINE device link (docs/LINE_DEVICE.md). */
    interface Line {
        /** Identical device callbacks within this window are processed once. */
        @WithDefault("10m")
        Duration dedupWindow();
    }

    /** Robot presence (heartbeats in Redis, lost marks in PostgreSQL). */
    interface Presence {
        /** A robot without a heartbeat for this long goes offline (webhook 1007). */
        @WithDefault("90s")
        Duration robotOfflineAfter();

        @WithDefault("5s")
        Duration sweepInterval();

        /**
         * How often a replica writes the newest beat of each robot it heard from to {@code robot_link.last_seen_at},
         * in one batched statement: the copy that survives a Redis flush. Keep it well below robot-offline-after
         * (a silent robot is reported up to this much later when Redis lost its beats).
         */
        @WithDefault("15s")
        Duration persistInterval();
    }

    /** Engine links: LINE_WS, CHAT68_WS, IM_HTTP (docs/ENGINES.md). */
    interface Engines {
        /** How often an owned engine link is probed; a good answer is the robot's heartbeat. */
        @WithDefault("20s")
        Duration probeInterval();

        /** After this many probes in a row without an answer the connection is dropped and opened again. */
        @WithDefault("3")
        int probeMisses();

        /** The driver's own requests (probe, profile after a login, listener registration) wait this long. */
        @WithDefault("10s")
        Duration requestTimeout();

        /** Opening a connection to an engine waits this long. */
        @WithDefault("10s")
        Duration connectTimeout();

        /** Reconnect backoff: a random delay up to min(cap, base * 2^attempt) (full jitter). */
        @WithDefault("500ms")
        Duration backoffBase();

        @WithDefault("30s")
        Duration backoffCap();
    }

    /** The merchants' live stream {@code GET /stream/ws} (docs/STREAM.md). */
    interface Stream {
        /** Open stream connections per merchant, counted across replicas in Redis; one more is refused (429). */
        @WithDefault("5")
        int maxConnectionsPerMerchant();

        /**
         * A connection's slot in the Redis count expires this long after its last refresh (a replica that dies
         * without closing its sockets frees its slots after this); live connections refresh every third of it.
         */
        @WithDefault("60s")
        Duration slotTtl();

        /** Frames handed to a socket and not yet written out; the stream reads no further ahead than this. */
        @WithDefault("256")
        int buffer();

        /** A connection whose buffer stays full this long is closed with 4008 (slow consumer). */
        @WithDefault("10s")
        Duration stallTimeout();

        /** Rows read from the database per query when catching up. */
        @WithDefault("100")
        int pageSize();

        /**
         * Each replica also looks for new entries this often, besides the Redis wake-up, so a lost notification
         * (Redis down, a dropped pub/sub message) delays a frame by at most this much.
         */
        @WithDefault("2s")
        Duration pollInterval();

        /** Entries older than this are deleted; a {@code since} before what is left is refused with 410/41001. */
        @WithDefault("7d")
        Duration retention();

        /** Rows per delete statement of the retention job (each its own short transaction). */
        @WithDefault("5000")
        int retentionBatch();

        /** How often the retention job runs. */
        @WithDefault("10m")
        Duration retentionInterval();
    }
}
