package io.switchboard.callback.command;

/** Where a command is: waiting for its link, handed to it, or finished (the last three never change again). */
public enum CommandStatus {
    PENDING, PUSHED, SUCCEEDED, FAILED, TIMED_OUT;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == TIMED_OUT;
    }
}
