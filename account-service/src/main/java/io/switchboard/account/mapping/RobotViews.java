package io.switchboard.account.mapping;

import io.switchboard.account.model.Robot;
import io.switchboard.account.model.RobotState;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** Open API views of robots, with the field names DESIGN §2 fixes for getRobot / listRobots. */
public final class RobotViews {
    private RobotViews() {}

    public record RobotView(String vcRobotSerialNo, String protocol, int nState, String vcState, String phone,
                            String username, String appVersion, String dcVersion, String lineVersion,
                            Long lastHeartbeat, String engineUrl, LinkView link) {
        public RobotView withLastHeartbeat(long at) {
            return new RobotView(vcRobotSerialNo, protocol, nState, vcState, phone, username, appVersion, dcVersion,
                    lineVersion, at, engineUrl, link);
        }
    }

    /** The latest link report (robot.link.changed, docs/ENGINES.md): state, since (epoch ms), last error. */
    public record LinkView(String state, long since, String lastError) {}

    public record RobotPage(List<RobotView> robots, long total, int page, int pageSize) {}

    public static RobotView view(Robot r) {
        RobotState s = r.robotState();
        LinkView link = r.linkState == null ? null
                : new LinkView(r.linkState, r.linkSince.toEpochMilli(), r.linkError);
        return new RobotView(r.robotSerialNo, r.protocol, s.code(), s.word(), r.phone, r.username, r.appVersion,
                r.dcVersion, r.lineVersion, r.lastHeartbeatAt == null ? null : r.lastHeartbeatAt.toEpochMilli(),
                shownEngineUrl(r.engineUrl), link);
    }

    /**
     * The engine URL as views show it: scheme, host, port and path only. Login refuses credentials in it, but a
     * query string is allowed and may carry an engine's access token, so it is never shown (nor any user-info or
     * fragment, defensively, whatever is stored). The driver still calls the full stored URL.
     */
    public static String shownEngineUrl(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            URI u = new URI(stored);
            if (u.getScheme() == null || u.getHost() == null) {
                return null; // nothing login would accept; show nothing rather than guess what is safe
            }
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
                    + (u.getRawPath() == null ? "" : u.getRawPath());
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
