package io.switchboard.callback.driver.line;

import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.link.RobotInbound;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** DeviceHeart and GetPushContent: the device itself, not one of its robots. */
@ApplicationScoped
public class DeviceActions {
    @Inject
    RobotInbound inbound;
    @Inject
    CommandLookup lookup;
    @Inject
    LineContent content;

    public LineReply heart(LineRequest r) {
        inbound.linkBeat(DeviceSessions.link(r.deviceNo()));
        return LineReply.ok("SUCCESS");
    }

    /** The content of a {@code cmd_type} 1 command, for the device it was sent to, while it is unfinished. */
    public LineReply pushContent(LineRequest r) {
        String serial = LineCallbacks.pushContentSerial(r.body());
        CommandRecord c = lookup.command(r, serial, false);
        if (c.status.terminal()) {
            throw new LineError(409, "command " + serial + " is already " + c.status + "; its content is gone");
        }
        return LineReply.okWith(content.of(c));
    }
}
