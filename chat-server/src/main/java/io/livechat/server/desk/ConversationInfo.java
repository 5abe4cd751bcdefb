package io.livechat.server.desk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.protocol.Json;
import io.livechat.store.ChatStore;
import io.livechat.store.RedisKeys;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Reads what the desk shows about a conversation (visitor, site, last seq) from Redis. */
public final class ConversationInfo {

    private final ChatStore store;

    public ConversationInfo(ChatStore store) {
        this.store = store;
    }

    /** The conversation as JSON for the desk, or null when Redis no longer has it. */
    public CompletableFuture<ObjectNode> describe(String conversationId) {
        return store.hash(RedisKeys.conversation(conversationId)).thenCompose(conv -> {
            if (conv == null || conv.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            String visitor = conv.getOrDefault("visitor", "");
            return store.hash(RedisKeys.visitorSession(visitor)).thenApply(vs -> toJson(conversationId, conv, vs));
        });
    }

    /** {@link #describe} for many conversations at once, in the given order, leaving out those Redis lost. */
    public CompletableFuture<List<ObjectNode>> describeAll(List<String> conversationIds) {
        List<CompletableFuture<ObjectNode>> all = conversationIds.stream().map(this::describe).toList();
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(x -> all.stream().map(CompletableFuture::join).filter(n -> n != null).toList());
    }

    private static ObjectNode toJson(String id, Map<String, String> conv, Map<String, String> vs) {
        Map<String, String> v = vs == null ? Map.of() : vs;
        return Json.object().put("conversationId", id)
                .put("siteKey", conv.getOrDefault("site", ""))
                .put("visitorId", conv.getOrDefault("visitor", ""))
                .put("visitorName", v.getOrDefault("name", ""))
                .put("visitorEmail", v.getOrDefault("email", ""))
                .put("page", v.getOrDefault("page", ""))
                .put("referrer", v.getOrDefault("referrer", ""))
                .put("browser", v.getOrDefault("browser", ""))
                .put("agentId", conv.getOrDefault("agent", ""))
                .put("status", conv.getOrDefault("status", "open"))
                .put("lastSeq", Long.parseLong(conv.getOrDefault("seq", "0")))
                .put("createdAt", Long.parseLong(conv.getOrDefault("created", "0")))
                .put("visitorDelivered", Long.parseLong(conv.getOrDefault("visitorDelivered", "0")))
                .put("visitorRead", Long.parseLong(conv.getOrDefault("visitorRead", "0")))
                .put("agentDelivered", Long.parseLong(conv.getOrDefault("agentDelivered", "0")))
                .put("agentRead", Long.parseLong(conv.getOrDefault("agentRead", "0")));
    }
}
