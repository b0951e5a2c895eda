package io.switchboard.common.gate;

import java.security.PublicKey;

/** What the gate needs to know about the caller: who it is and the key its requests must verify with. */
public record MerchantCredentials(String merchantId, String appId, PublicKey publicKey, boolean active) {
}
