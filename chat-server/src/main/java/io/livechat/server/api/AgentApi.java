package io.livechat.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ChatMessage;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.Json;
import io.livechat.protocol.MessageJson;
import io.livechat.security.TokenService;
import io.livechat.server.desk.ConversationInfo;
import io.livechat.server.store.Agent;
import io.livechat.server.store.AgentRepository;
import io.livechat.server.store.Database;
import io.livechat.server.store.TranscriptRepository;
import io.livechat.store.AgentPresence;
import io.livechat.store.ConversationStore;
import io.livechat.store.SeqEvent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The agents' REST operations: login, the conversation list and transcripts (PostgreSQL, topped up with the
 * newest messages from the Redis log that the transcript writer may not have stored yet).
 */
public final class AgentApi {

    private final Database db;
    private final AgentRepository agents;
    private final TranscriptRepository transcripts;
    private final TokenService tokens;
    private final ConversationStore store;
    private final AgentPresence presence;
    private final ConversationInfo info;
    private final Executor hashing;

    /** @param hashing the bounded executor password checks run on ({@code Resources#hashing}) */
    public AgentApi(Database db, AgentRepository agents, TranscriptRepository transcripts, TokenService tokens,
                    ConversationStore store, AgentPresence presence, ConversationInfo info, Executor hashing) {
        this.hashing = hashing;
        this.db = db;
        this.agents = agents;
        this.transcripts = transcripts;
        this.tokens = tokens;
        this.store = store;
        this.presence = presence;
        this.info = info;
    }

    /**
     * Reads the account (JDBC executor), checks the password (the slow hash, on the bounded hashing executor, so
     * that a burst of logins does not hold up the REST calls; {@code 503 busy} when its queue is full) and issues an
     * agent token.
     */
    public CompletableFuture<String> login(ObjectNode body) {
        String email = Json.text(body, "email");
        String password = Json.text(body, "password");
        return db.submitCall(() -> agents.credentials(email))
                .thenCompose(c -> hashing(() -> agents.check(c, password))).thenApply(found -> {
                    Agent a = found.orElseThrow(() -> new ChatException(ErrorCode.BAD_CREDENTIALS));
                    ObjectNode r = Json.object().put("token", tokens.issueAgent(a.id()));
                    r.putObject("agent").put("id", a.id()).put("email", a.email()).put("name", a.displayName());
                    return Json.write(r);
                });
    }

    private <T> CompletableFuture<T> hashing(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, hashing);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new ChatException(ErrorCode.BUSY));
        }
    }

    /** The agent behind a token, with its display name; fails with {@code invalid_token} or {@code token_expired}. */
    public CompletableFuture<Agent> authenticate(String token) {
        long id = tokens.verifyAgent(token);
        return db.submitCall(() -> agents.findById(id)).thenApply((Optional<Agent> a) ->
                a.orElseThrow(() -> new ChatException(ErrorCode.INVALID_TOKEN, "no such agent")));
    }

    public CompletableFuture<String> conversations(long agentId) {
        return presence.conversations(String.valueOf(agentId)).thenCompose(info::describeAll)
                .thenApply(convs -> listJson("conversations", convs));
    }

    /** The waiting queue: conversations no agent has yet, oldest first, each with {@code waitingSince} (ms). */
    public CompletableFuture<String> queue() {
        return presence.waiting(100).thenCompose(waiting -> {
            Map<String, Long> since = new HashMap<>();
            waiting.forEach(w -> since.put(w.conversationId(), w.sinceMillis()));
            return info.describeAll(waiting.stream().map(AgentPresence.Waiting::conversationId).toList())
                    .thenApply(convs -> {
                        convs.forEach(n -> n.put("waitingSince", since.get(n.path("conversationId").asText())));
                        return listJson("queue", convs);
                    });
        });
    }

    private static String listJson(String field, List<ObjectNode> items) {
        ObjectNode r = Json.object();
        ArrayNode list = r.putArray(field);
        items.forEach(list::add);
        return Json.write(r);
    }

    /**
     * One page of the transcript, for the assigned agent only (see {@link #authorize}): the messages after
     * {@code after}, or, when {@code before} is positive, the {@code limit} messages just before it (scrolling
     * back). Sequence numbers are gap-free, so "before" is an "after" range ending at {@code before - 1}.
     */
    public CompletableFuture<String> messages(long agentId, String conversationId, long after, long before,
                                              int limit) {
        int n = Math.max(1, Math.min(limit, TranscriptRepository.MAX_LIMIT));
        long from = before > 0 ? Math.max(0, before - 1 - n) : after;
        long upto = before > 0 ? before - 1 : -1;
        return authorize(agentId, conversationId).thenCompose(x -> {
            CompletableFuture<List<ChatMessage>> stored =
                    db.submitCall(() -> transcripts.messagesAfter(conversationId, from, n));
            CompletableFuture<List<SeqEvent>> recent = store.range(conversationId, from, upto);
            return stored.thenCombine(recent, (a, b) -> merge(a, b, upto, n));
        });
    }

    /**
     * Whether the agent may read the conversation. While Redis has it, its live assignment decides (it is newer
     * than what the transcript writer has stored): the agent's own, or a waiting one (every agent sees the queue).
     * When Redis does not have it (it lost its data), the durable record does: only the agent PostgreSQL names may
     * read it ({@code not_assigned} otherwise, also when it names none), and one PostgreSQL does not have either
     * is {@code not_found}. So a missing record always denies.
     */
    CompletableFuture<Void> authorize(long agentId, String conversationId) {
        String me = String.valueOf(agentId);
        return store.state(conversationId).thenCompose(live -> {
            if (live != null) {
                if (!live.agentId().isEmpty() && !live.agentId().equals(me)) {
                    throw new ChatException(ErrorCode.NOT_ASSIGNED);
                }
                return CompletableFuture.completedFuture(null);
            }
            return db.submitCall(() -> transcripts.conversation(conversationId)).thenAccept(row -> {
                if (row.isEmpty()) {
                    throw new ChatException(ErrorCode.NOT_FOUND, "no such conversation");
                }
                if (row.get().agentId() == null || row.get().agentId() != agentId) {
                    throw new ChatException(ErrorCode.NOT_ASSIGNED);
                }
            });
        });
    }

    private static String merge(List<ChatMessage> stored, List<SeqEvent> recent, long upto, int limit) {
        TreeMap<Long, String> bySeq = new TreeMap<>();
        // the log's copy is the event exactly as sent (with its event marker); PostgreSQL fills in older ones
        recent.forEach(e -> bySeq.put(e.seq(), e.json()));
        stored.stream().filter(m -> upto < 0 || m.seq() <= upto)
                .forEach(m -> bySeq.putIfAbsent(m.seq(), MessageJson.of(m)));
        StringBuilder sb = new StringBuilder("{\"messages\":[");
        long cursor = 0;
        int i = 0;
        for (var e : bySeq.entrySet()) {
            if (i == limit) {
                break;
            }
            sb.append(i++ == 0 ? "" : ",").append(e.getValue());
            cursor = e.getKey();
        }
        return sb.append("],\"cursor\":").append(cursor).append('}').toString();
    }
}
