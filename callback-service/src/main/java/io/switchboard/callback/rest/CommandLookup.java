package io.switchboard.callback.rest;

import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.command.CommandStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Finds the command a device callback refers to, and the robot it concerns; refuses other devices' commands. */
@ApplicationScoped
public class CommandLookup {
    @Inject
    CommandStore store;

    /** The command (locked when {@code lock}, for a status change); 404 unknown, 403 another device's. */
    public CommandRecord command(LineRequest r, String serialNo, boolean lock) {
        CommandRecord c = (lock ? store.lock(serialNo) : store.find(serialNo))
                .orElseThrow(() -> new LineError(404, "no command with serial_no " + serialNo));
        if (!c.merchantId.equals(r.merchantId())) {
            throw new LineError(403, "command " + serialNo + " belongs to another merchant");
        }
        if (c.deviceNo != null && !c.deviceNo.equals(r.deviceNo())) {
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
     * The robot concerned: the command's robot when there is a command, else the robot-serial_no header, which
     * the seed allows to be a login serial (then the login's robot is meant).
     */
    public String robot(LineRequest r, CommandRecord c) {
        if (c != null && c.robotSerialNo != null) {
            return c.robotSerialNo;
        }
        String header = r.robotHeader();
        if (header == null) {
            return null;
        }
        return store.robotOfHeader(r.merchantId(), header);
    }

    public String requireRobot(LineRequest r, CommandRecord c) {
        String robot = robot(r, c);
        if (robot == null) {
            throw new LineError(400, "the robot-serial_no header is required");
        }
        if (robot.length() > 256) {
            throw new LineError(400, "robot-serial_no must be at most 256 characters");
        }
        return robot;
    }
}
