package io.switchboard.account.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An SMS code round of a login: requested by the device, submitted by the merchant, taken once by the device. */
@Entity
@Table(name = "phone_code")
public class PhoneCode {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "robot_serial_no")
    public String robotSerialNo;
    @Column(name = "login_serial_no")
    public String loginSerialNo;
    @Column(name = "code_enc")
    public String codeEnc;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "submitted_at")
    public Instant submittedAt;
    @Column(name = "consumed_at")
    public Instant consumedAt;
    /** The request id of the take that consumed the code; a repeat of that request gets the code again. */
    @Column(name = "taken_by_request")
    public String takenByRequest;
}
