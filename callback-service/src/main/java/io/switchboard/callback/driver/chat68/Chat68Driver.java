package io.switchboard.callback.driver.chat68;

import io.switchboard.callback.command.CommandRecord;
import io.switchboard.callback.driver.engine.EngineDriver;
import io.switchboard.callback.link.RobotLinks;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** 68chat WebSocket engines (seed 004; docs/ENGINES.md): the 68chat app is logged in already, commands ride on ids. */
@ApplicationScoped
public class Chat68Driver extends EngineDriver<Chat68Session> {
    public static final String PROTOCOL = "CHAT68_WS";

    @jakarta.inject.Inject
    io.switchboard.callback.command.CommandContent content;

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    protected Set<String> operations() {
        return Set.of("login", "logout", "getFriendList", "getGroupInfo", "getGroupList", "updateGroup", "getContactInfo",
                "getFriendRequests", "getGroupQrCode", "sendMessage", "sendGroupMessage");
    }

    @Override
    public String correlationId(CommandRecord command) {
        return Chat68Codec.COMMAND_PREFIX + command.seq;
    }

    @Override
    protected Chat68Session session(RobotLinks.Link link) {
        return new Chat68Session(link, runtime, content);
    }
}
