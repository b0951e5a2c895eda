package io.switchboard.account.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.math.BigDecimal;
import java.time.Instant;

/** An API customer. {@code deviceKeyEnc} and {@code webhookSecretEnc} hold AES-GCM ciphertext, never plaintext. */
@Entity
public class Merchant {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "merchant_id")
    public String merchantId;
    @Column(name = "app_id")
    public String appId;
    public String name;
    @Column(name = "rsa_public_key")
    public String rsaPublicKey;
    @Column(name = "callback_url")
    public String callbackUrl;
    @Column(name = "device_key_enc")
    public String deviceKeyEnc;
    @Column(name = "webhook_secret_enc")
    public String webhookSecretEnc;
    /** The secret before the last rotation, still used as a second signature until it expires. */
    @Column(name = "previous_webhook_secret_enc")
    public String previousWebhookSecretEnc;
    @Column(name = "previous_webhook_secret_expires_at")
    public Instant previousWebhookSecretExpiresAt;
    public boolean active = true;
    /** The merchant's own Open API rate limits; null takes the default (switchboard.rate.*). */
    @Column(name = "rate_per_second")
    public BigDecimal ratePerSecond;
    @Column(name = "rate_burst")
    public Integer rateBurst;
    @Column(name = "send_rate_per_second")
    public BigDecimal sendRatePerSecond;
    @Column(name = "send_rate_burst")
    public Integer sendRateBurst;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
