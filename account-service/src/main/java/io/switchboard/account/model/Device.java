package io.switchboard.account.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;

/** A LINE device registered to a merchant; it signs its requests with the merchant's device key. */
@Entity
public class Device {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "device_no")
    public String deviceNo;
    @Column(name = "merchant_id")
    public String merchantId;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
