package io.switchboard.group.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A group command this service published: the merchant that asked, the robot and what it named. Results and
 * failures carrying its serial are matched against it (docs/EVENTS.md, "What group-service does with robot events").
 */
@Entity
@Table(name = "group_command")
public class GroupCommand {
    @Id
    @Column(name = "serial_no")
    public String serialNo;
    @Column(name = "merchant_id")
    public String merchantId;
    @Column(name = "robot_serial_no")
    public String robotSerialNo;
    public String operation;
    @Column(name = "group_id")
    public String groupId;
    @Column(name = "created_at")
    public Instant createdAt;
}
