package io.switchboard.message.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of message-service ({@code switchboard.messages.*}); every default is here (docs/MESSAGING.md). */
@ConfigMapping(prefix = "switchboard.messages")
public interface MessageConfig {
    /** Deadline of a send command: callback-service fails it ({@code command.failed} TIMED_OUT) when it passes. */
    @WithDefault("120s")
    Duration sendTimeout();

    /**
     * How long after its deadline an in-flight message without any result is failed here ("no result by the
     * deadline"), so a lost result cannot stop a robot's queue for ever.
     */
    @WithDefault("30s")
    Duration deadlineGrace();

    /** How long a {@code vcClientMsgId} stays bound to its message (per merchant). */
    @WithDefault("24h")
    Duration idempotencyWindow();

    /** Finished outbound and all inbound messages older than this are deleted (queued/dispatched never). */
    @WithDefault("30d")
    Duration retention();

    /** Rows per delete statement of the retention job (each batch is its own short transaction). */
    @WithDefault("5000")
    int retentionBatch();

    Pacing pacing();

    Accept accept();

    Dispatch dispatch();

    interface Pacing {
        /**
         * The least time between a robot's result and its next message (the previous message's after_sleep_time
         * wins when it is longer); 0 turns pacing off. A robot's own interval (admin) overrides it.
         */
        @WithDefault("1s")
        Duration interval();
    }

    /** Group commit of accepted messages (AcceptQueue). */
    interface Accept {
        /**
         * Threads that store accepted messages, each one transaction at a time; 0 stores every message in its own
         * transaction on the caller's thread.
         */
        @WithDefault("2")
        int writers();

        /** The most messages one transaction stores. */
        @WithDefault("64")
        int batch();
    }

    interface Dispatch {
        /** Run the dispatcher (tests of other modules, or a replica that only serves reads, may turn it off). */
        @WithDefault("true")
        boolean enabled();

        /** How often the dispatcher looks for robots due; an accepted message or a result also wakes it at once. */
        @WithDefault("200ms")
        Duration interval();

        /** Robots claimed per dispatch transaction. */
        @WithDefault("100")
        int batch();
    }
}
