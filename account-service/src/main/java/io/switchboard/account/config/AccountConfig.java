package io.switchboard.account.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** account-service settings ({@code switchboard.account.*}). */
@ConfigMapping(prefix = "switchboard.account")
public interface AccountConfig {
    /** How long a login may take, SMS code round included, before its command fails. */
    @WithDefault("300s")
    Duration loginTimeout();

    /** Deadline of other robot commands (logout, …). */
    @WithDefault("60s")
    Duration commandTimeout();

    /** A device counts as online when its last heartbeat or push connection is this recent. */
    @WithDefault("90s")
    Duration deviceOnlineWindow();
}
