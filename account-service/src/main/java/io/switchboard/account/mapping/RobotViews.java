package io.switchboard.account.mapping;

import io.switchboard.account.model.Robot;
import io.switchboard.account.model.RobotState;
import java.util.List;

/** Open API views of robots, with the field names DESIGN §2 fixes for getRobot / listRobots. */
public final class RobotViews {
    private RobotViews() {}

    public record RobotView(String vcRobotSerialNo, String protocol, int nState, String vcState, String phone,
                            String username, String appVersion, String dcVersion, String lineVersion,
                            Long lastHeartbeat, String engineUrl) {}

    public record RobotPage(List<RobotView> robots, long total, int page, int pageSize) {}

    public static RobotView view(Robot r) {
        RobotState s = r.robotState();
        return new RobotView(r.robotSerialNo, r.protocol, s.code(), s.word(), r.phone, r.username, r.appVersion,
                r.dcVersion, r.lineVersion, r.lastHeartbeatAt == null ? null : r.lastHeartbeatAt.toEpochMilli(),
                r.engineUrl);
    }
}
