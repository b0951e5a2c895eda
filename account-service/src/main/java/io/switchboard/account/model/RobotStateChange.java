package io.switchboard.account.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One persisted robot state transition and its cause (an Open API call or a robot event). */
@Entity
@Table(name = "robot_state_change")
public class RobotStateChange {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "robot_serial_no")
    public String robotSerialNo;
    @Column(name = "from_state")
    public Short fromState;
    @Column(name = "to_state")
    public short toState;
    public String reason;
    public String cause;
    @Column(name = "serial_no")
    public String serialNo;
    @Column(name = "event_id")
    public UUID eventId;
    @Column(name = "changed_at", insertable = false, updatable = false)
    public Instant changedAt;
}
