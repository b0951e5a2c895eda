package io.switchboard.sim.line;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The seed's JSON samples, repaired into valid JSON, on the classpath under {@code fixtures/line/}
 * (see simulators/README.md for where each came from). Platform tests can use them too.
 */
public final class LineFixtures {

    public static final String DIR = "fixtures/line/";

    /** Every fixture file name, so tests can check that all of them parse. */
    public static final List<String> ALL = List.of(
            "add-friend.json", "create-group.json", "device-heart-reply.json", "friend-list.json",
            "get-phone-code-get.json", "get-phone-code-reply.json", "get-phone-code-send.json", "group-info.json",
            "group-list.json", "login-failure-reply.json", "login-failure.json", "login-success.json",
            "push-content-reply.json", "push-content-request.json", "push-friend-list-command.json",
            "push-login-command-ref.json", "push-login-command.json", "push-logout-command.json",
            "push-send-text-command.json", "refresh-token.json", "robot-heart.json", "send-message-image.json",
            "send-message-text.json", "send-message-failure.json", "sync-contacts.json",
            "add-friend-failure.json", "create-group-link-info.json", "invite-friends-to-group.json",
            "quit-group.json",
            "add-friend.expected.json", "add-friend-failure.expected.json", "friend-list.expected.json",
            "create-group.expected.json", "create-group-link-info.expected.json", "group-info.expected.json",
            "group-list.expected.json", "sync-contacts.expected.json", "invite-friends-to-group.expected.json",
            "quit-group.expected.json", "send-message-text.expected.json", "send-message-image.expected.json",
            "send-message-failure.expected.json");

    /**
     * The result fixtures (cmds 10001–10008, 10010) that have an expected parse beside them:
     * {@code x.json} → {@code x.expected.json} = {"action", "parse"} (see simulators/README.md).
     */
    public static final List<String> RESULTS = List.of(
            "add-friend.json", "add-friend-failure.json", "friend-list.json", "create-group.json",
            "create-group-link-info.json", "group-info.json", "group-list.json", "sync-contacts.json",
            "invite-friends-to-group.json", "quit-group.json", "send-message-text.json", "send-message-image.json",
            "send-message-failure.json");

    /** The expected parse file of a result fixture. */
    public static String expectedOf(String name) {
        return name.replace(".json", ".expected.json");
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private LineFixtures() {
    }

    /** The file's text exactly as stored. */
    public static String text(String name) {
        try (InputStream in = LineFixtures.class.getClassLoader().getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh, mutable copy of the fixture. */
    public static JsonNode json(String name) {
        try {
            return JSON.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException("fixture " + name + " is not valid JSON", e);
        }
    }

    /** A fresh copy of a fixture whose top level is an object. */
    public static ObjectNode object(String name) {
        return (ObjectNode) json(name);
    }

    /** Parses the {@code dc_data.RetBody} JSON string inside a result fixture. */
    public static JsonNode retBody(String name) {
        try {
            return JSON.readTree(json(name).path("dc_data").path("RetBody").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("RetBody of " + name + " is not valid JSON", e);
        }
    }
}
