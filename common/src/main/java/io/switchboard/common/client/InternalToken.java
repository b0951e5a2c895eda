package io.switchboard.common.client;

import org.eclipse.microprofile.config.ConfigProvider;

/** Supplies the Authorization header of service-to-service calls. */
public final class InternalToken {
    private InternalToken() {}

    public static String header() {
        String token = ConfigProvider.getConfig().getOptionalValue("switchboard.internal.token", String.class)
                .orElseThrow(() -> new IllegalStateException("SB_INTERNAL_TOKEN is not set"));
        return "Bearer " + token;
    }
}
