package io.switchboard.callback.command;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A row of {@code command}: one unified operation for one robot, from the request until its result, on the link
 * (protocol, link key) that carries it. The content stays encrypted ({@code SecretContexts.commandContent(serialNo)}) and is decrypted only to push it.
 */
@Entity
@Table(name = "command")
public class CommandRecord {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;
    @Column(name = "serial_no")
    public String serialNo;
    @Column(name = "merchant_id")
    public String merchantId;
    @Column(name = "robot_serial_no")
    public String robotSerialNo;
    public String protocol;
    /** The link that carries the command: a device number for LINE_DEVICE, the robot for engines. */
    @Column(name = "link_key")
    public String linkKey;
    public String operation;
    /** The driver's id for the command on its link (LINE serial_no, engine task_id/id), set when it is sent. */
    @Column(name = "correlation_id")
    public String correlationId;
    public String phone;
    @Column(name = "content_enc")
    public String contentEnc;
    @Enumerated(EnumType.STRING)
    public CommandStatus status;
    public String reason;
    /** JSON, never secrets: what the link reported, as getTask shows it. */
    public String result;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "pushed_at")
    public Instant pushedAt;
    @Column(name = "deadline_at")
    public Instant deadlineAt;
    @Column(name = "completed_at")
    public Instant completedAt;
}
