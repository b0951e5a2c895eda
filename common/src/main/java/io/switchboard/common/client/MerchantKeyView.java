package io.switchboard.common.client;

/** account-service's internal answer to "who is app_id X": {@code GET /internal/merchants/by-app/{appId}}. */
// Jackson reads and writes it by reflection (also in a native image).
@io.quarkus.runtime.annotations.RegisterForReflection
public record MerchantKeyView(String merchantId, String appId, String rsaPublicKey, boolean active) {
}
