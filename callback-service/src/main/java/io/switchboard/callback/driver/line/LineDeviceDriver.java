package io.switchboard.callback.driver.line;

import io.switchboard.callback.command.CommandContent;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.link.OutboundMessage;
import io.switchboard.callback.link.RobotDriver;
import io.switchboard.common.api.Formats;
import io.switchboard.common.api.ProtocolSupport;
import io.switchboard.common.event.CommandRequest;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * LINE_DEVICE (seed 000): the link is a device's push socket, keyed by device number (one device runs several
 * robots); commands go out as cmd frames, results come back over {@code POST /LineProtocol/*} and are reported
 * through the seam's inbound side. The correlation id is the command serial, which the device echoes as
 * {@code serial_no}.
 */
@ApplicationScoped
public class LineDeviceDriver implements RobotDriver {
    public static final String PROTOCOL = "LINE_DEVICE";

    @Inject
    DeviceSessions sessions;
    @Inject
    LineContent content;
    @Inject
    LineFrames frames;
    @Inject
    CommandContent unified;

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public String linkKey(CommandRequest request, String robotSerialNo) {
        return request.deviceNo();
    }

    @Override
    public String refusal(CommandRecord c) {
        if (!ProtocolSupport.supports(PROTOCOL, c.operation)) {
            // The same words as the domain services' 40011 (docs/PROTOCOLS.md): updateGroup, searchContact, …
            return c.operation + " is not supported by protocol " + PROTOCOL + " (docs/PROTOCOLS.md)";
        }
        if (LineCommands.cmd(c.operation) == null) {
            return "operation " + c.operation + " is not implemented by the " + PROTOCOL + " driver";
        }
        if (c.linkKey == null || c.linkKey.isBlank()) {
            return "the robot has no device: a " + PROTOCOL + " command needs a device_no";
        }
        if (!Formats.isId(c.linkKey)) {
            return "device_no " + c.linkKey.length() + " characters long is not a device number";
        }
        return OutboundMessage.isSend(c.operation) ? OutboundMessage.refusal(PROTOCOL, c.operation, unified.of(c)) : null;
    }

    @Override
    public boolean holds(String deviceNo) {
        return sessions.local(deviceNo).isPresent();
    }

    @Override
    public void send(String deviceNo, CommandRecord c) {
        String frame;
        try {
            frame = frames.frame(c, content.of(c));
        } catch (RuntimeException e) {
            throw new Undeliverable(e.getMessage());
        }
        WebSocketConnection socket = sessions.local(deviceNo).orElseThrow(() -> new LinkGone("device " + deviceNo
                + " is not connected here"));
        try {
            socket.sendTextAndAwait(frame);
        } catch (RuntimeException e) {
            throw new LinkGone("device " + deviceNo + " went away: " + e.getMessage());
        }
    }

    @Override
    public void lost(String deviceNo) {
        sessions.supersede(deviceNo);
    }

    @Override
    public void handedOver(String deviceNo) {
        sessions.restart(deviceNo);
    }
}
