package io.switchboard.callback.driver.imhttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.callback.driver.engine.EngineError;
import io.switchboard.callback.link.OutboundMessage;
import java.util.concurrent.CompletableFuture;

/**
 * Message sends on the IM app (seed 003 chapter 7; docs/PROTOCOLS.md "Message types"): {@code chat.send*Message}
 * with {@code cnd}/{@code cid} the friend's or group's node address, {@code conversationType} 0 single / 1 group and
 * {@code pub} the friend's {@code c_pub_curve} (read with {@code contact.getContactByNoId}; empty for a group). Image
 * and video take the seed's second step: the app pushes the file's {@code hash} and {@code localPath}, the driver
 * writes them back on the push socket and waits for the app's answer (docs/ENGINES.md "IM_HTTP").
 */
final class ImHttpMessages {
    /** What a send needs from its link. */
    interface Link {
        /** One API call; completes with the reply's {@code data}. */
        CompletableFuture<JsonNode> call(ObjectNode body);

        /** The app's {@code fileHash} push for this message: {@code {msg_id, hash, localPath}}. */
        CompletableFuture<JsonNode> fileHash(String msgId);

        /** Writes the second step on the push socket and completes with the app's {@code fileHashResult} data. */
        CompletableFuture<JsonNode> secondStep(String hash, String localPath);
    }

    private final ImHttpCodec codec;
    private final Link link;

    ImHttpMessages(ImHttpCodec codec, Link link) {
        this.codec = codec;
        this.link = link;
    }

    /** Sends the message; completes with the app's {@code msg_id} for it. */
    CompletableFuture<String> send(OutboundMessage m) {
        String method = ImHttpCodec.sendMethod(m.msgType());
        CompletableFuture<String> pub = m.toGroup() ? CompletableFuture.completedFuture("")
                : link.call(codec.call("contact", "getContactByNoId").put("nodeId", m.targetId())).thenApply(c -> {
                    String key = c.path("c_pub_curve").asText("");
                    if (key.isEmpty()) {
                        throw new EngineError("IM_HTTP app has no key for " + m.targetId() + " (not a contact?)");
                    }
                    return key;
                });
        return pub.thenCompose(key -> link.call(body(method, m, key))).thenCompose(data -> {
            JsonNode record = data.isArray() ? data.path(0) : data; // text answers a list (seed 7.1)
            String msgId = record.path("msg_id").asText(null);
            if (m.msgType() != 1 && m.msgType() != 2) {
                return CompletableFuture.completedFuture(msgId);
            }
            if (msgId == null) {
                throw new EngineError("IM_HTTP app answered " + method + " without a msg_id");
            }
            return link.fileHash(msgId)
                    .thenCompose(f -> link.secondStep(f.path("hash").asText(), f.path("localPath").asText()))
                    .thenApply(x -> msgId);
        });
    }

    /** The seed's request for the method, fields in the seed's order. */
    private ObjectNode body(String method, OutboundMessage m, String pub) {
        ObjectNode b = codec.call("chat", method).put("cnd", m.targetId()).put("cid", m.targetId())
                .put("conversationType", m.toGroup() ? 1 : 0);
        switch (m.msgType()) {
            case 0 -> b.put("pub", pub).put("text", m.content());
            case 1 -> b.put("filePath", m.content()).put("originalFilePath", "").put("checkBoxSelected", false)
                    .put("pub", pub);
            case 2 -> b.put("filePath", m.content()).put("second", 0).put("pub", pub);
            case 3 -> b.put("filePath", m.content()).put("wavePath", "").put("second", 0).put("pub", pub);
            case 4 -> b.put("filePath", m.content()).put("pub", pub);
            case 6 -> {
                String contact = m.fields().path("userId").asText("");
                if (contact.isBlank()) {
                    throw new EngineError("a contact card needs content.userId (the contact's node address)");
                }
                b.put("contactId", contact).put("pub", pub);
            }
            default -> throw new EngineError("msg_type " + m.msgType() + " has no IM_HTTP method");
        }
        return b;
    }
}
