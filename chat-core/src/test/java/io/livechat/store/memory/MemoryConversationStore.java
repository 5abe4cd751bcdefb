package io.livechat.store.memory;

import io.livechat.protocol.ChatException;
import io.livechat.protocol.ChatMessage;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.MessageJson;
import io.livechat.store.ConversationRoute;
import io.livechat.store.ConversationState;
import io.livechat.store.ConversationStore;
import io.livechat.store.Epoch;
import io.livechat.store.NewMessage;
import io.livechat.store.SeqEvent;
import io.livechat.store.TranscriptHandoff;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * {@link ConversationStore} in memory, step for step what the Redis scripts do: idempotent accept by clientMsgId,
 * a seq per conversation, a log capped to the history size, a visitor reopening a closed conversation, receipts
 * that keep the highest mark, and every accepted message handed to the transcript writers.
 */
public final class MemoryConversationStore implements ConversationStore {

    private static final Set<String> RECEIPT_FIELDS = Set.of("visitorDelivered", "visitorRead", "agentDelivered",
            "agentRead");

    /** One conversation; guarded by the store's lock. */
    private static final class Conversation {
        String siteKey;
        String visitorSid;
        String agentId = "";
        String status = "open";
        long seq;
        long createdMillis;
        String epoch = "";
        final Map<String, Long> marks = new HashMap<>();
        final TreeMap<Long, String> log = new TreeMap<>();
        final Map<String, Long> ids = new HashMap<>();
    }

    private final Clock clock;
    private final int historyCap;
    private final MemorySessionRegistry leases;
    private final MemoryTranscripts transcripts;
    private final Map<String, Conversation> conversations = new HashMap<>();
    /** Conversation -> epoch, readable without the lock (the registry asks while holding its own). */
    private final Map<String, String> known = new java.util.concurrent.ConcurrentHashMap<>();

    public MemoryConversationStore(Clock clock, int historyCap, MemorySessionRegistry leases,
                                   MemoryTranscripts transcripts) {
        this.clock = clock;
        this.historyCap = historyCap;
        this.leases = leases;
        this.transcripts = transcripts;
        leases.conversationsFrom(known::get);
    }

    @Override
    public synchronized CompletableFuture<String> create(String conversationId, String siteKey, String visitorSid,
                                                         long createdMillis) {
        Conversation c = new Conversation();
        c.siteKey = siteKey;
        c.visitorSid = visitorSid;
        c.createdMillis = createdMillis;
        c.epoch = Epoch.create();
        conversations.put(conversationId, c);
        known.put(conversationId, c.epoch);
        return CompletableFuture.completedFuture(c.epoch);
    }

    @Override
    public synchronized CompletableFuture<Restored> restore(Restoration r) {
        Conversation existing = conversations.get(r.conversationId());
        if (existing != null) {
            return CompletableFuture.completedFuture(new Restored(false, existing.epoch, existing.seq));
        }
        Conversation c = new Conversation();
        c.siteKey = r.siteKey();
        c.visitorSid = r.visitorSid();
        c.agentId = nz(r.agentId());
        c.status = r.status();
        c.createdMillis = r.createdMillis();
        c.seq = r.lastSeq();
        c.epoch = Epoch.create();
        for (RestoredMessage m : r.messages()) {
            c.log.put(m.seq(), m.json());
            c.ids.put(m.clientMsgId(), m.seq());
        }
        conversations.put(r.conversationId(), c);
        known.put(r.conversationId(), c.epoch);
        return CompletableFuture.completedFuture(new Restored(true, c.epoch, c.seq));
    }

    @Override
    public synchronized CompletableFuture<Restored> reseat(Restoration r, long expectedSeq) {
        Conversation c = conversations.get(r.conversationId());
        if (c == null) {
            return restore(r);
        }
        if (c.seq != expectedSeq) {
            return CompletableFuture.completedFuture(new Restored(false, c.epoch, c.seq));
        }
        c.seq = Math.max(c.seq, r.lastSeq());
        c.epoch = Epoch.create();
        c.log.clear();
        c.ids.clear();
        for (RestoredMessage m : r.messages()) {
            c.log.put(m.seq(), m.json());
            c.ids.put(m.clientMsgId(), m.seq());
        }
        known.put(r.conversationId(), c.epoch);
        return CompletableFuture.completedFuture(new Restored(true, c.epoch, c.seq));
    }

    /** Forgets every conversation, as a Redis that restarted without persistence would. */
    public synchronized void loseEverything() {
        conversations.clear();
        known.clear();
    }

    @Override
    public synchronized CompletableFuture<Snapshot> attach(String conversationId, String nodeId, int recentEvents) {
        Conversation c = conversations.get(conversationId);
        if (c == null) {
            return CompletableFuture.completedFuture(null);
        }
        String previous = leases.take(conversationId, nodeId);
        long from = Math.max(0, c.seq - recentEvents);
        return CompletableFuture.completedFuture(new Snapshot(previous, c.seq, events(c.log.tailMap(from, false)),
                c.epoch));
    }

    @Override
    public synchronized CompletableFuture<Accepted> accept(NewMessage m) {
        String id = m.conversationId();
        Conversation c = conversations.get(id);
        if (c == null) {
            return CompletableFuture.failedFuture(new ChatException(ErrorCode.UNKNOWN_SESSION, "no such conversation"));
        }
        String visitorNode = leases.holderOrEmpty(id);
        Long first = c.ids.get(m.clientMsgId());
        if (first != null) {
            return CompletableFuture.completedFuture(new Accepted(first, true, null, c.visitorSid, visitorNode,
                    c.agentId));
        }
        if (c.status.equals("closed") && ChatMessage.FROM_VISITOR.equals(m.from()) && nz(m.event()).isEmpty()) {
            c.status = "open";
            c.agentId = "";
        }
        String required = nz(m.requiredAgentId());
        if (!required.isEmpty() && !required.equals(c.agentId)) {
            return CompletableFuture.failedFuture(new ChatException(ErrorCode.NOT_ASSIGNED));
        }
        long seq = ++c.seq;
        long ts = clock.millis();
        String json = MessageJson.prefix(id) + seq + MessageJson.suffix(m.clientMsgId(), m.from(), m.senderId(),
                m.senderName(), m.text(), m.event(), ts);
        c.log.put(seq, json);
        if (seq > historyCap) {
            c.log.headMap(seq - historyCap, true).clear();
        }
        c.ids.put(m.clientMsgId(), seq);
        transcripts.add(handoffFields(m, c, seq, ts));
        return CompletableFuture.completedFuture(new Accepted(seq, false, new SeqEvent(seq, json), c.visitorSid,
                visitorNode, c.agentId));
    }

    private static Map<String, String> handoffFields(NewMessage m, Conversation c, long seq, long ts) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(TranscriptHandoff.F_CONV, m.conversationId());
        f.put(TranscriptHandoff.F_SEQ, String.valueOf(seq));
        f.put(TranscriptHandoff.F_CLIENT_MSG_ID, m.clientMsgId());
        f.put(TranscriptHandoff.F_FROM, m.from());
        f.put(TranscriptHandoff.F_SENDER_ID, m.senderId());
        f.put(TranscriptHandoff.F_SENDER_NAME, nz(m.senderName()));
        f.put(TranscriptHandoff.F_TEXT, m.text());
        f.put(TranscriptHandoff.F_TS, String.valueOf(ts));
        f.put(TranscriptHandoff.F_SITE, c.siteKey);
        f.put(TranscriptHandoff.F_VISITOR, c.visitorSid);
        f.put(TranscriptHandoff.F_AGENT, c.agentId);
        return f;
    }

    @Override
    public synchronized CompletableFuture<ConversationRoute> receipt(String conversationId, String field, long seq,
                                                                     String requiredAgentId) {
        if (!RECEIPT_FIELDS.contains(field)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a receipt field: " + field));
        }
        Conversation c = conversations.get(conversationId);
        if (c == null) {
            return CompletableFuture.failedFuture(new ChatException(ErrorCode.UNKNOWN_SESSION, "no such conversation"));
        }
        if (requiredAgentId != null && !requiredAgentId.isEmpty() && !requiredAgentId.equals(c.agentId)) {
            return CompletableFuture.failedFuture(new ChatException(ErrorCode.NOT_ASSIGNED));
        }
        if (seq > c.seq) {
            return CompletableFuture.failedFuture(new ChatException(ErrorCode.CURSOR_AHEAD,
                    "seq beyond the last message"));
        }
        if (seq <= c.marks.getOrDefault(field, 0L)) {
            return CompletableFuture.completedFuture(null);
        }
        c.marks.put(field, seq);
        return CompletableFuture.completedFuture(route(conversationId, c));
    }

    @Override
    public synchronized CompletableFuture<Boolean> close(String conversationId, String agentId) {
        Conversation c = conversations.get(conversationId);
        if (c == null || !c.agentId.equals(agentId)) {
            return CompletableFuture.failedFuture(new ChatException(ErrorCode.NOT_ASSIGNED));
        }
        boolean wasOpen = !c.status.equals("closed");
        c.status = "closed";
        return CompletableFuture.completedFuture(wasOpen);
    }

    @Override
    public synchronized CompletableFuture<Boolean> setAgent(String conversationId, String agentId) {
        Conversation c = conversations.get(conversationId);
        if (c == null) {
            return CompletableFuture.completedFuture(false);
        }
        c.agentId = agentId;
        c.status = "open";
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public synchronized CompletableFuture<List<SeqEvent>> range(String conversationId, long afterSeq, long uptoSeq) {
        Conversation c = conversations.get(conversationId);
        if (c == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        long upto = uptoSeq < 0 ? Long.MAX_VALUE : uptoSeq;
        return CompletableFuture.completedFuture(afterSeq >= upto ? List.of()
                : events(c.log.subMap(afterSeq, false, upto, true)));
    }

    @Override
    public synchronized CompletableFuture<ConversationState> state(String conversationId) {
        Conversation c = conversations.get(conversationId);
        return CompletableFuture.completedFuture(c == null ? null : new ConversationState(conversationId, c.siteKey,
                c.visitorSid, c.agentId, c.status, c.seq, c.createdMillis, mark(c, "visitorDelivered"),
                mark(c, "visitorRead"), mark(c, "agentDelivered"), mark(c, "agentRead"), c.epoch));
    }

    @Override
    public synchronized CompletableFuture<ConversationRoute> route(String conversationId) {
        Conversation c = conversations.get(conversationId);
        return CompletableFuture.completedFuture(c == null ? null : route(conversationId, c));
    }

    @Override
    public synchronized CompletableFuture<Boolean> erase(String conversationId) {
        boolean had = conversations.remove(conversationId) != null;
        known.remove(conversationId);
        leases.drop(conversationId);
        return CompletableFuture.completedFuture(transcripts.removeConversation(conversationId) > 0 || had);
    }

    private ConversationRoute route(String conversationId, Conversation c) {
        return new ConversationRoute(c.visitorSid, leases.holderOrEmpty(conversationId), c.agentId);
    }

    private static long mark(Conversation c, String field) {
        return c.marks.getOrDefault(field, 0L);
    }

    private static List<SeqEvent> events(Map<Long, String> log) {
        List<SeqEvent> out = new ArrayList<>(log.size());
        log.forEach((seq, json) -> out.add(new SeqEvent(seq, json)));
        return out;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
