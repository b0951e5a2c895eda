package io.switchboard.callback.driver.line;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.callback.command.CommandRecord;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
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
    SecretCipher cipher;
    @Inject
    ObjectMapper json;

    public JsonNode of(CommandRecord c) {
        JsonNode unified = unified(c);
        return switch (c.operation) {
            case "login" -> LineLoginContent.fromUnified(unified);
            // The seed's 10002, 10008 and 10009 commands carry "" as content.
            case "logout", "getFriendList", "getGroupList" -> TextNode.valueOf("");
            default -> unified;
        };
    }

    private JsonNode unified(CommandRecord c) {
        if (c.contentEnc == null) {
            return json.createObjectNode();
        }
        String plain = cipher.decrypt(c.contentEnc, SecretContexts.commandContent(c.serialNo));
        try {
            JsonNode n = json.readTree(plain);
            return n == null || n.isNull() ? json.createObjectNode() : n;
        } catch (JsonProcessingException e) {
            // The message names no content: it may hold secrets.
            throw new IllegalStateException("the content of command " + c.serialNo + " is not JSON");
        }
    }
}
