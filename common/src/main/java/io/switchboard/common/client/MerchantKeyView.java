package io.switchboard.common.client;

/** account-service's internal answer to "who is app_id X": {@code GET /internal/merchants/by-app/{appId}}. */
public record MerchantKeyView(String merchantId, String appId, String rsaPublicKey, boolean active) {
}
