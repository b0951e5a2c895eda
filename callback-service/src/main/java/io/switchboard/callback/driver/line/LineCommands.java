package io.switchboard.callback.driver.line;

import java.util.Map;

/** Seed 000's command numbers for the unified operations (DESIGN §4, §5). */
public final class LineCommands {
    public static final int LOGIN = 10000;
    public static final int LOGOUT = 10009;

    private static final Map<String, Integer> BY_OPERATION = Map.ofEntries(
            Map.entry("login", LOGIN),
            Map.entry("addFriend", 10001),
            Map.entry("getFriendList", 10002),
            Map.entry("createGroup", 10003),
            Map.entry("getGroupInfo", 10004),
            Map.entry("inviteFriendsToGroup", 10005),
            Map.entry("quitGroup", 10006),
            Map.entry("sendMessage", 10007),
            Map.entry("sendGroupMessage", 10007),
            Map.entry("getGroupList", 10008),
            Map.entry("logout", LOGOUT),
            Map.entry("syncContacts", 10010));

    private LineCommands() {}

    /** The cmd for an operation, or null when a LINE device cannot do it. */
    public static Integer cmd(String operation) {
        return BY_OPERATION.get(operation);
    }
}
