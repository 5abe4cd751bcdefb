package io.livechat.server.privacy;

import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.Json;
import io.livechat.routing.Envelope;
import io.livechat.server.store.ConversationRow;
import io.livechat.server.store.Database;
import io.livechat.server.store.ErasureRepository;
import io.livechat.server.store.ErasureRepository.ErasedConversation;
import io.livechat.server.store.TranscriptRepository;
import io.livechat.store.AgentPresence;
import io.livechat.store.ConversationRoute;
import io.livechat.store.ConversationStore;
import io.livechat.store.VisitorSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Erases one visitor's data everywhere: PostgreSQL first (rows, with the record that keeps late transcript
 * batches out, see {@link ErasureRepository}), then Redis through the store ports (each conversation's state, log,
 * lease and hand-off entries, its queue and assignment entries, the visitor's session), and last the gateway that
 * holds the visitor's session, which is told to let it go (its followers reconnect and are refused with
 * {@code unknown_session}, as nothing is left to restore). When Redis fails after PostgreSQL, the erasure is
 * reported {@code unavailable} and its Redis side is finished by {@link RetentionJob}'s next run (or a retried call).
 */
public final class VisitorErasure {

    private static final Logger LOG = LoggerFactory.getLogger(VisitorErasure.class);

    private final Database db;
    private final TranscriptRepository transcripts;
    private final ErasureRepository erasures;
    private final ConversationStore conversations;
    private final VisitorSessions sessions;
    private final AgentPresence presence;
    private final BiFunction<String, Envelope, CompletableFuture<Void>> bus;

    /** @param bus sends an envelope to a node's channel (the node bus of this agent server) */
    public VisitorErasure(Database db, TranscriptRepository transcripts, ErasureRepository erasures,
                          ConversationStore conversations, VisitorSessions sessions, AgentPresence presence,
                          BiFunction<String, Envelope, CompletableFuture<Void>> bus) {
        this.db = db;
        this.transcripts = transcripts;
        this.erasures = erasures;
        this.conversations = conversations;
        this.sessions = sessions;
        this.presence = presence;
        this.bus = bus;
    }

    /** Erases the visitor {@code sid}; answers what was erased, {@code not_found} when no store knows it. */
    public CompletableFuture<String> erase(String sid) {
        return sessions.find(sid).thenCompose(visitor -> db.submitCall(() -> {
            Map<String, ErasedConversation> found = new LinkedHashMap<>();
            for (ConversationRow row : transcripts.conversationsOfVisitor(sid)) {
                found.put(row.conversationId(), new ErasedConversation(row.conversationId(), sid));
            }
            if (visitor != null) {
                found.putIfAbsent(visitor.conversationId(), new ErasedConversation(visitor.conversationId(), sid));
            }
            if (found.isEmpty()) {
                throw new ChatException(ErrorCode.NOT_FOUND, "no data of this visitor");
            }
            return erasures.erase(new ArrayList<>(found.values()));
        })).thenCompose(erased -> clearStores(erased.conversations()).handle((x, error) -> {
            if (error != null) {
                LOG.warn("erasure of {}: PostgreSQL done, Redis not yet ({}); the retention job finishes it", sid,
                        error.toString());
                throw new ChatException(ErrorCode.UNAVAILABLE, "erased from PostgreSQL; Redis failed, retry");
            }
            LOG.info("erased visitor {}: {} conversations, {} messages", sid, erased.conversations().size(),
                    erased.messages());
            Answer r = new Answer(sid, erased.conversations().size(), erased.messages());
            return r.json();
        }));
    }

    /**
     * For the restorer (see {@code ConversationRestorer#guardWith}): when the conversation was erased, clears what a
     * restore just put back into Redis; completes with whether it was erased.
     */
    public CompletableFuture<Boolean> undoIfErased(String conversationId, String visitorId) {
        return db.submitCall(() -> erasures.isErased(conversationId)).thenCompose(gone -> !gone
                ? CompletableFuture.completedFuture(false)
                : clearRedis(List.of(new ErasedConversation(conversationId, visitorId))).thenApply(x -> {
                    LOG.info("conversation {} was erased while it was being restored: cleared again", conversationId);
                    return true;
                }));
    }

    /** {@link #clearRedis}, then records the conversations as cleared in PostgreSQL. */
    private CompletableFuture<Void> clearStores(List<ErasedConversation> erased) {
        return clearRedis(erased).thenCompose(x -> db.submitCall(() -> {
            erasures.cleared(erased.stream().map(ErasedConversation::conversationId).toList());
            return null;
        }));
    }

    /**
     * Clears what Redis holds of conversations erased from PostgreSQL and tells the gateways holding their visitors
     * to let them go; the future fails when Redis does (the caller leaves them uncleared for a next try).
     */
    public CompletableFuture<Void> clearRedis(List<ErasedConversation> erased) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (ErasedConversation c : erased) {
            all.add(clear(c));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> clear(ErasedConversation c) {
        String conv = c.conversationId();
        return conversations.route(conv).thenCompose(route -> conversations.erase(conv)
                .thenCompose(x -> presence.forget(conv))
                .thenCompose(x -> c.visitorId().isEmpty() ? CompletableFuture.completedFuture(false)
                        : sessions.delete(c.visitorId()))
                .thenAccept(x -> letGo(route, c)));
    }

    /** The gateway holding the visitor drops its session and closes its followers (best effort: pub/sub). */
    private void letGo(ConversationRoute route, ErasedConversation c) {
        if (route == null || route.visitorNode().isEmpty()) {
            return;
        }
        String sid = c.visitorId().isEmpty() ? route.visitorSid() : c.visitorId();
        bus.apply(route.visitorNode(), new Envelope(Envelope.RESET, Envelope.VISITOR, sid, c.conversationId(), 0, 0,
                "", ""));
    }

    /** The answer to an erasure. */
    private record Answer(String sid, int conversations, long messages) {
        String json() {
            var r = Json.object().put("sid", sid);
            r.putObject("erased").put("conversations", conversations).put("messages", messages);
            return Json.write(r);
        }
    }
}
