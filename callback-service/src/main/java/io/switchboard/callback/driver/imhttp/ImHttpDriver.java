package io.switchboard.callback.driver.imhttp;

import io.quarkus.runtime.ShutdownEvent;
import io.switchboard.callback.command.CommandContent;
import io.switchboard.callback.driver.engine.EngineDriver;
import io.switchboard.callback.link.RobotLinks;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The IM app's local HTTP API (seed 003; docs/ENGINES.md): requests are HTTP exchanges on one shared REST client,
 * pushes arrive on the app's webSocket, which is also what makes the link "up".
 */
@ApplicationScoped
public class ImHttpDriver extends EngineDriver<ImHttpSession> {
    public static final String PROTOCOL = "IM_HTTP";

    @Inject
    CommandContent content;

    private Client http;

    @PostConstruct
    void init() {
        long timeout = runtime.config().requestTimeout().toMillis();
        http = ClientBuilder.newBuilder().connectTimeout(runtime.config().connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout, TimeUnit.MILLISECONDS).build();
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    protected Set<String> operations() {
        return Set.of("login", "logout", "getFriendList", "addFriend", "getGroupList", "getGroupInfo", "createGroup",
                "inviteFriendsToGroup", "quitGroup", "updateGroup", "getContactInfo", "searchContact", "updateContact",
                "deleteFriend", "getFriendRequests", "acceptFriendRequest", "sendMessage", "sendGroupMessage");
    }

    @Override
    protected ImHttpSession session(RobotLinks.Link link) {
        return new ImHttpSession(link, runtime, http, content);
    }

    void shutdown(@Observes ShutdownEvent ev) {
        if (http != null) {
            http.close();
        }
    }
}
