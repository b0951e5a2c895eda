package io.switchboard.account.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * account-service settings ({@code switchboard.account.*}): the one place their defaults are written (no default
 * in application.properties or an {@code @ConfigProperty} as well).
 */
@ConfigMapping(prefix = "switchboard.account")
public interface AccountConfig {
    /** How long a login may take, SMS code round included, before its command fails. */
    @WithDefault("300s")
    Duration loginTimeout();

    /** Deadline of other robot commands (logout, …). */
    @WithDefault("60s")
    Duration commandTimeout();

    /**
     * account-service's own deadline for a login: a robot still logging in this long after {@link #loginTimeout()}
     * has its login failed here (webhook 1001, result code 1), even if no result or command failure ever came.
     */
    @WithDefault("60s")
    Duration loginGrace();

    /** How often the overdue logins are looked for. */
    @WithDefault("30s")
    Duration loginSweepInterval();

    /** A device counts as online when its last heartbeat or push connection is this recent. */
    @WithDefault("90s")
    Duration deviceOnlineWindow();
}
