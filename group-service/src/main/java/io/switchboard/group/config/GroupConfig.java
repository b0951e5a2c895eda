package io.switchboard.group.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of group-service ({@code switchboard.groups.*}); every default is here. */
@ConfigMapping(prefix = "switchboard.groups")
public interface GroupConfig {
    /** Deadline of a group command (createGroup, invite, quit, update, one group's info). */
    @WithDefault("60s")
    Duration commandTimeout();

    /** Deadline of a full group list: the driver pages through the engine before it reports once. */
    @WithDefault("300s")
    Duration listTimeout();

    /** Rows per statement of the batched upserts (one round trip per chunk, never one per row). */
    @WithDefault("10000")
    int batchRows();

    /**
     * How long a published command's record ({@code group_command}: which merchant, robot and group a result belongs
     * to) is kept. Results come before the command's deadline, so a week is far beyond any that can still arrive.
     */
    @WithDefault("7d")
    Duration commandRetention();
}
