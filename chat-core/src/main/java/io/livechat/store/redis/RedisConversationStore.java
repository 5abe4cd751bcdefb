package io.livechat.store.redis;

import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.MessageJson;
import io.livechat.store.ConversationRoute;
import io.livechat.store.ConversationState;
import io.livechat.store.ConversationStore;
import io.livechat.store.Epoch;
import io.livechat.store.NewMessage;
import io.livechat.store.SeqEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** {@link ConversationStore} on Redis: one hash, one capped sorted set and one id hash per conversation. */
public final class RedisConversationStore implements ConversationStore {

    private static final LuaScript HSET_EXPIRE = LuaScript.load("hset_expire");
    private static final LuaScript ATTACH = LuaScript.load("attach");
    private static final LuaScript ACCEPT = LuaScript.load("accept");
    private static final LuaScript RECEIPT = LuaScript.load("receipt");
    private static final LuaScript ROUTE = LuaScript.load("route");
    private static final LuaScript CLOSE = LuaScript.load("close");
    private static final LuaScript SET_AGENT = LuaScript.load("set_agent");
    private static final LuaScript RESTORE = LuaScript.load("restore");
    private static final LuaScript ERASE = LuaScript.load("erase");

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;
    private final int historyCap;
    private final long ttlSeconds;
    private final int leaseSeconds;
    private final ReplicatedWrites replicated;
    private final Runnable onShortWait;

    public RedisConversationStore(RedisClusterAsyncCommands<String, String> redis, RedisKeys keys, int historyCap,
                                  int sessionTtlDays, int leaseSeconds) {
        this(redis, keys, historyCap, sessionTtlDays, leaseSeconds, null, () -> { });
    }

    /**
     * @param replicated  when not null, an accepted message is acknowledged only after {@code WAIT} (see
     *                    {@link ReplicatedWrites})
     * @param onShortWait called when fewer replicas than asked confirmed a message before the timeout (it is
     *                    acknowledged all the same: Redis's WAIT narrows the window of loss, it cannot close it)
     */
    RedisConversationStore(RedisClusterAsyncCommands<String, String> redis, RedisKeys keys, int historyCap,
                           int sessionTtlDays, int leaseSeconds, ReplicatedWrites replicated, Runnable onShortWait) {
        this.redis = redis;
        this.replicated = replicated;
        this.onShortWait = onShortWait;
        this.keys = keys;
        this.historyCap = historyCap;
        this.ttlSeconds = TimeUnit.DAYS.toSeconds(sessionTtlDays);
        this.leaseSeconds = leaseSeconds;
    }

    @Override
    public CompletableFuture<String> create(String conversationId, String siteKey, String visitorSid,
                                            long createdMillis) {
        String epoch = Epoch.create();
        return HSET_EXPIRE.<Long>run(redis, ScriptOutputType.INTEGER, new String[]{keys.conversation(conversationId)},
                String.valueOf(ttlSeconds), "seq", "0", "epoch", epoch, "site", siteKey, "visitor", visitorSid,
                "status", "open", "created", String.valueOf(createdMillis), "agent", "").thenApply(x -> epoch);
    }

    @Override
    public CompletableFuture<Restored> restore(Restoration r) {
        return restore(r, "");
    }

    @Override
    public CompletableFuture<Restored> reseat(Restoration r, long expectedSeq) {
        return restore(r, String.valueOf(expectedSeq));
    }

    private CompletableFuture<Restored> restore(Restoration r, String expectedSeq) {
        String c = r.conversationId();
        String[] k = {keys.conversation(c), keys.conversationLog(c), keys.conversationIds(c)};
        List<String> args = new ArrayList<>(9 + 3 * r.messages().size());
        args.addAll(List.of(String.valueOf(ttlSeconds), Epoch.create(), String.valueOf(r.lastSeq()), r.siteKey(),
                r.visitorSid(), nz(r.agentId()), r.status(), String.valueOf(r.createdMillis()), expectedSeq));
        for (RestoredMessage m : r.messages()) {
            args.add(String.valueOf(m.seq()));
            args.add(m.clientMsgId());
            args.add(m.json());
        }
        return RESTORE.<List<Object>>run(redis, ScriptOutputType.MULTI, k, args.toArray(String[]::new))
                .thenApply(x -> new Restored((Long) x.get(0) == 1L, (String) x.get(1), (Long) x.get(2)));
    }

    @Override
    public CompletableFuture<Snapshot> attach(String conversationId, String nodeId, int recentEvents) {
        String[] k = {keys.conversation(conversationId), keys.conversationLog(conversationId),
            keys.visitorNode(conversationId)};
        return ATTACH.<List<Object>>run(redis, ScriptOutputType.MULTI, k, nodeId, String.valueOf(leaseSeconds),
                String.valueOf(recentEvents)).thenApply(r -> {
                    if (r == null || r.size() < 3) {
                        return null;
                    }
                    return new Snapshot((String) r.get(0), Long.parseLong((String) r.get(1)), events(r, 3),
                            (String) r.get(2));
                });
    }

    @Override
    public CompletableFuture<Accepted> accept(NewMessage m) {
        String c = m.conversationId();
        String[] k = {keys.conversation(c), keys.conversationLog(c), keys.conversationIds(c), keys.visitorNode(c),
            keys.transcripts(keys.shardOf(c))};
        long ts = System.currentTimeMillis();
        ReplicatedWrites.Lane lane = replicated == null ? null : replicated.lane();
        CompletableFuture<Accepted> accepted = ACCEPT.<List<Object>>run(lane == null ? redis : lane.commands(),
                        ScriptOutputType.MULTI, k, m.clientMsgId(), m.from(), String.valueOf(historyCap),
                        String.valueOf(ttlSeconds), MessageJson.prefix(c),
                        MessageJson.suffix(m.clientMsgId(), m.from(), m.senderId(), m.senderName(), m.text(), m.event(),
                                ts),
                        nz(m.requiredAgentId()), nz(m.event()))
                .handle((r, error) -> {
                    if (error != null) {
                        throw mapScriptError(error);
                    }
                    long seq = (Long) r.get(0);
                    boolean duplicate = (Long) r.get(1) == 1L;
                    return new Accepted(seq, duplicate, duplicate ? null : new SeqEvent(seq, (String) r.get(2)),
                            (String) r.get(3), (String) r.get(4), (String) r.get(5));
                });
        if (lane == null) {
            return accepted;
        }
        // a duplicate waits too: its first acceptance may have been answered with an error before its WAIT
        return accepted.thenCompose(a -> replicated.await(lane, k[0]).handle((confirmed, error) -> {
            if (error != null || confirmed < replicated.replicas()) {
                onShortWait.run();
            }
            return a;
        }));
    }

    @Override
    public CompletableFuture<ConversationRoute> receipt(String conversationId, String field, long seq,
                                                        String requiredAgentId) {
        String[] k = {keys.conversation(conversationId), keys.visitorNode(conversationId)};
        return RECEIPT.<List<Object>>run(redis, ScriptOutputType.MULTI, k, field, String.valueOf(seq),
                        nz(requiredAgentId))
                .handle((r, error) -> {
                    if (error != null) {
                        if (String.valueOf(error.getMessage()).contains("AHEAD")) {
                            throw new ChatException(ErrorCode.CURSOR_AHEAD, "seq beyond the last message");
                        }
                        throw mapScriptError(error);
                    }
                    return (Long) r.get(0) == 1L
                            ? new ConversationRoute((String) r.get(1), (String) r.get(2), (String) r.get(3))
                            : null;
                });
    }

    @Override
    public CompletableFuture<Boolean> close(String conversationId, String agentId) {
        return CLOSE.<Long>run(redis, ScriptOutputType.INTEGER, new String[]{keys.conversation(conversationId)},
                agentId).handle((r, error) -> {
                    if (error != null) {
                        throw mapScriptError(error);
                    }
                    return r == 1L;
                });
    }

    @Override
    public CompletableFuture<Boolean> setAgent(String conversationId, String agentId) {
        return SET_AGENT.<Long>run(redis, ScriptOutputType.INTEGER, new String[]{keys.conversation(conversationId)},
                agentId).thenApply(r -> r == 1L);
    }

    @Override
    public CompletableFuture<List<SeqEvent>> range(String conversationId, long afterSeq, long uptoSeq) {
        Range<Long> range = Range.from(Range.Boundary.excluding(afterSeq),
                uptoSeq < 0 ? Range.Boundary.unbounded() : Range.Boundary.including(uptoSeq));
        return redis.zrangebyscore(keys.conversationLog(conversationId), range).toCompletableFuture()
                .thenApply(list -> {
                    List<SeqEvent> out = new ArrayList<>(list.size());
                    for (String json : list) {
                        out.add(new SeqEvent(seqOf(json), json));
                    }
                    return out;
                });
    }

    @Override
    public CompletableFuture<ConversationState> state(String conversationId) {
        return redis.hgetall(keys.conversation(conversationId)).toCompletableFuture()
                .thenApply(h -> h == null || h.isEmpty() ? null : toState(conversationId, h));
    }

    @Override
    public CompletableFuture<ConversationRoute> route(String conversationId) {
        String[] k = {keys.conversation(conversationId), keys.visitorNode(conversationId)};
        return ROUTE.<List<Object>>run(redis, ScriptOutputType.MULTI, k).thenApply(r -> r == null || r.size() < 3
                ? null : new ConversationRoute((String) r.get(0), (String) r.get(1), (String) r.get(2)));
    }

    @Override
    public CompletableFuture<Boolean> erase(String conversationId) {
        String[] k = {keys.conversation(conversationId), keys.conversationLog(conversationId),
            keys.conversationIds(conversationId), keys.visitorNode(conversationId),
            keys.transcripts(keys.shardOf(conversationId))};
        return ERASE.<Long>run(redis, ScriptOutputType.INTEGER, k, conversationId, MessageJson.prefix(conversationId))
                .thenApply(n -> n > 0);
    }

    private static ConversationState toState(String id, Map<String, String> h) {
        return new ConversationState(id, h.getOrDefault("site", ""), h.getOrDefault("visitor", ""),
                h.getOrDefault("agent", ""), h.getOrDefault("status", "open"), num(h, "seq"), num(h, "created"),
                num(h, "visitorDelivered"), num(h, "visitorRead"), num(h, "agentDelivered"), num(h, "agentRead"),
                h.getOrDefault("epoch", ""));
    }

    private static long num(Map<String, String> h, String field) {
        String v = h.get(field);
        return v == null || v.isEmpty() ? 0 : Long.parseLong(v);
    }

    private static List<SeqEvent> events(List<Object> r, int from) {
        List<SeqEvent> out = new ArrayList<>(Math.max(0, r.size() - from));
        for (int i = from; i < r.size(); i++) {
            String json = (String) r.get(i);
            out.add(new SeqEvent(seqOf(json), json));
        }
        return out;
    }

    static RuntimeException mapScriptError(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("NOCONV")) {
            return new ChatException(ErrorCode.UNKNOWN_SESSION, "no such conversation");
        }
        if (msg.contains("NOTASSIGNED")) {
            return new ChatException(ErrorCode.NOT_ASSIGNED);
        }
        return e instanceof RuntimeException re ? re : new CompletionException(e);
    }

    /** The seq of a stored event, read without a full parse (it always follows {@code "seq":}). */
    static long seqOf(String json) {
        int i = json.indexOf("\"seq\":") + 6;
        long v = 0;
        while (i < json.length() && Character.isDigit(json.charAt(i))) {
            v = v * 10 + (json.charAt(i++) - '0');
        }
        return v;
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
