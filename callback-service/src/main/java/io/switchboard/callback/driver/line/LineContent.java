package io.switchboard.callback.driver.line;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.callback.command.CommandContent;
import io.switchboard.callback.command.CommandRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The LINE content of a command: decrypted from the row only now (to push it, or to answer GetPushContent) and
 * never logged. Login and logout have their seed shapes; the other operations' contents are defined by the
 * issues that implement their results, and until then are passed through as given.
 */
@ApplicationScoped
public class LineContent {
    @Inject
    CommandContent content;

    public JsonNode of(CommandRecord c) {
        JsonNode unified = content.of(c);
        return switch (c.operation) {
            case "login" -> LineLoginContent.fromUnified(unified);
            // The seed's 10002, 10008 and 10009 commands carry "" as content.
            case "logout", "getFriendList", "getGroupList" -> TextNode.valueOf("");
            default -> unified;
        };
    }
}
