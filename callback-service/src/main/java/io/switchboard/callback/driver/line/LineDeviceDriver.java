package io.switchboard.callback.driver.line;

import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.driver.RobotDriver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** LINE_DEVICE (seed 000): commands are pushed to the device's socket as cmd frames; results come over HTTP. */
@ApplicationScoped
public class LineDeviceDriver implements RobotDriver {
    public static final String PROTOCOL = "LINE_DEVICE";

    @Inject
    DeviceRouter router;

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public Integer cmd(String operation) {
        return LineCommands.cmd(operation);
    }

    @Override
    public String refusal(CommandRecord c) {
        if (LineCommands.cmd(c.operation) == null) {
            return "operation " + c.operation + " is not supported by protocol " + PROTOCOL;
        }
        if (c.deviceNo == null || c.deviceNo.isBlank()) {
            return "the robot has no device: a " + PROTOCOL + " command needs a device_no";
        }
        return null;
    }

    @Override
    public void dispatch(CommandRecord command) {
        router.route(command.deviceNo);
    }
}
