package io.switchboard.callback.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.common.crypto.SecretCipher;
import io.switchboard.common.crypto.SecretContexts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A command's unified parameters (the operation's {@code data} as the domain service sent it), decrypted from the
 * row only when a driver needs them and never logged: they may hold login secrets.
 */
@ApplicationScoped
public class CommandContent {
    @Inject
    SecretCipher cipher;
    @Inject
    ObjectMapper json;

    /** The parameters as an object; an empty object when the command has none. */
    public ObjectNode of(CommandRecord c) {
        if (c.contentEnc == null) {
            return json.createObjectNode();
        }
        String plain = cipher.decrypt(c.contentEnc, SecretContexts.commandContent(c.serialNo));
        try {
            JsonNode n = json.readTree(plain);
            return n instanceof ObjectNode o ? o : json.createObjectNode();
        } catch (JsonProcessingException e) {
            // The message names no content: it may hold secrets.
            throw new IllegalStateException("the content of command " + c.serialNo + " is not JSON");
        }
    }
}
