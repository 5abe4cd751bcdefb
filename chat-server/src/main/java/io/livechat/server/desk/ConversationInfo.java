package io.livechat.server.desk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.protocol.Json;
import io.livechat.store.ConversationState;
import io.livechat.store.ConversationStore;
import io.livechat.store.VisitorDetails;
import io.livechat.store.VisitorRecord;
import io.livechat.store.VisitorSessions;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Reads what the desk shows about a conversation (visitor, site, last seq, receipt marks) from the stores. */
public final class ConversationInfo {

    private static final VisitorDetails NO_DETAILS = new VisitorDetails("", "", "", "", "");

    private final ConversationStore conversations;
    private final VisitorSessions sessions;

    public ConversationInfo(ConversationStore conversations, VisitorSessions sessions) {
        this.conversations = conversations;
        this.sessions = sessions;
    }

    /** The conversation as JSON for the desk, or null when the store no longer has it. */
    public CompletableFuture<ObjectNode> describe(String conversationId) {
        return conversations.state(conversationId).thenCompose(conv -> conv == null
                ? CompletableFuture.completedFuture(null)
                : sessions.find(conv.visitorSid()).thenApply(v -> toJson(conv, v)));
    }

    /** {@link #describe} for many conversations at once, in the given order, leaving out those the store lost. */
    public CompletableFuture<List<ObjectNode>> describeAll(List<String> conversationIds) {
        List<CompletableFuture<ObjectNode>> all = conversationIds.stream().map(this::describe).toList();
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(x -> all.stream().map(CompletableFuture::join).filter(n -> n != null).toList());
    }

    private static ObjectNode toJson(ConversationState c, VisitorRecord v) {
        VisitorDetails d = v == null ? NO_DETAILS : v.details();
        return Json.object().put("conversationId", c.conversationId())
                .put("siteKey", c.siteKey())
                .put("visitorId", c.visitorSid())
                .put("visitorName", d.name())
                .put("visitorEmail", d.email())
                .put("page", d.page())
                .put("referrer", d.referrer())
                .put("browser", d.browser())
                .put("agentId", c.agentId())
                .put("status", c.status())
                .put("lastSeq", c.lastSeq())
                .put("createdAt", c.createdMillis())
                .put("visitorDelivered", c.visitorDelivered())
                .put("visitorRead", c.visitorRead())
                .put("agentDelivered", c.agentDelivered())
                .put("agentRead", c.agentRead())
                .put("epoch", c.epoch());
    }
}
