package io.switchboard.callback.driver.linews;

import io.switchboard.callback.command.CommandContent;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.driver.engine.EngineDriver;
import io.switchboard.callback.link.RobotLinks;
import io.switchboard.common.crypto.SecretCipher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/** LINE WebSocket engines (seed 002; docs/ENGINES.md): one WebSocket per robot, commands correlated by task_id. */
@ApplicationScoped
public class LineWsDriver extends EngineDriver<LineWsSession> {
    public static final String PROTOCOL = "LINE_WS";

    @Inject
    CommandContent content;
    @Inject
    SecretCipher cipher;

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    protected Set<String> operations() {
        return Set.of("login", "logout", "getFriendList", "addFriend", "syncContacts", "createGroup", "getGroupInfo",
                "getGroupList", "inviteFriendsToGroup", "quitGroup", "updateGroup", "getContactInfo", "searchContact",
                "updateContact", "acceptGroupInvitation", "rejectGroupInvitation", "joinGroupByUrl", "getGroupQrCode",
                "searchGroup", "sendMessage", "sendGroupMessage");
    }

    /** The command's sequence number: unique, and the same after a reconnect, so a late reply finds its command. */
    @Override
    public String correlationId(CommandRecord command) {
        return Long.toString(command.seq);
    }

    @Override
    protected LineWsSession session(RobotLinks.Link link) {
        return new LineWsSession(link, runtime, content, cipher);
    }
}
