package io.switchboard.callback.driver.line;

import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.link.RobotInbound;
import io.switchboard.common.api.Formats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Finds the command a device callback refers to, and the robot it concerns; refuses other merchants' and other
 * devices' commands, and robots of other merchants.
 */
@ApplicationScoped
public class CommandLookup {
    @Inject
    RobotInbound inbound;
    @Inject
    RobotHeaders headers;

    /** The command (locked when {@code lock}, for a status change); 404 unknown, 403 another device's. */
    public CommandRecord command(LineRequest r, String serialNo, boolean lock) {
        if (!Formats.isId(serialNo)) {
            throw new LineError(400, "serial_no must be 1-64 letters, digits, '.', '_' or '-'");
        }
        CommandRecord c = (lock ? inbound.lockCommand(serialNo) : inbound.command(serialNo))
                .orElseThrow(() -> new LineError(404, "no command with serial_no " + serialNo));
        if (!c.merchantId.equals(r.merchantId())) {
            throw new LineError(403, "command " + serialNo + " belongs to another merchant");
        }
        if (!LineDeviceDriver.PROTOCOL.equals(c.protocol) || !r.deviceNo().equals(c.linkKey)) {
            throw new LineError(403, "command " + serialNo + " was sent to another device");
        }
        return c;
    }

    public void requireOperation(CommandRecord c, String operation) {
        if (!operation.equals(c.operation)) {
            throw new LineError(400, "command " + c.serialNo + " is a " + c.operation + " command, not " + operation);
        }
    }

    /**
     * The robot concerned, checked to be the device's merchant's: the command's robot when there is a command, else
     * the robot-serial_no header, which the seed allows to be a login serial (then the login's robot is meant).
     * Null when neither names one.
     */
    public String robot(LineRequest r, CommandRecord c) {
        if (c != null && c.robotSerialNo != null) {
            return c.robotSerialNo;
        }
        String header = r.robotHeader();
        if (header == null) {
            return null;
        }
        if (!Formats.isRobotSerial(header)) {
            throw new LineError(400, "robot-serial_no must be 1-256 characters without control characters");
        }
        return inbound.requireOwnRobot(r.merchantId(), headers.robotOf(r.merchantId(), header));
    }

    public String requireRobot(LineRequest r, CommandRecord c) {
        String robot = robot(r, c);
        if (robot == null) {
            throw new LineError(400, "the robot-serial_no header is required");
        }
        return robot;
    }
}
