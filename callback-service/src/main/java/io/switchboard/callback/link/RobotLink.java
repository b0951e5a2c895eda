package io.switchboard.callback.link;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code robot_link}: which link a robot uses and whether it should be connected (V3 migration). */
@Entity
@Table(name = "robot_link")
public class RobotLink {
    @Id
    @Column(name = "robot_serial_no")
    public String robotSerialNo;
    @Column(name = "merchant_id")
    public String merchantId;
    public String protocol;
    @Column(name = "link_key")
    public String linkKey;
    @Column(name = "engine_url")
    public String engineUrl;
    /** CONNECTED or DISCONNECTED. */
    public String desired;
    @Column(name = "lost_at")
    public Instant lostAt;
    /** The robot's last beat as far as PostgreSQL knows (written coarsely, V6); null while it is not online. */
    @Column(name = "last_seen_at")
    public Instant lastSeenAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public LinkId link() {
        return new LinkId(protocol, linkKey);
    }
}
