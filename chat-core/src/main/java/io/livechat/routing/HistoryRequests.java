package io.livechat.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.delivery.HistoryReader;
import io.livechat.protocol.Json;
import io.livechat.store.SeqEvent;
import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gateway's {@link HistoryReader}: gateways do not reach PostgreSQL, so a range older than a conversation's log
 * is asked of the agent tier over the node channels ({@link Envelope#HISTORY} to {@link Envelope#AGENT_TIER}) and
 * the answer ({@link Envelope#HISTORY_PAGE}) comes back on this node's channel. The first answer counts; none within
 * the timeout fails the read (the cursor then hands its client a gap frame).
 */
public final class HistoryRequests implements HistoryReader {

    private final NodeBus bus;
    private final long timeoutMillis;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, CompletableFuture<List<SeqEvent>>> waiting = new ConcurrentHashMap<>();

    public HistoryRequests(NodeBus bus, long timeoutMillis) {
        this.bus = bus;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public CompletableFuture<List<SeqEvent>> read(String conversationId, long after, long upto, EventExecutor timer) {
        String id = Long.toString(ids.incrementAndGet());
        CompletableFuture<List<SeqEvent>> f = new CompletableFuture<>();
        waiting.put(id, f);
        f.whenComplete((x, e) -> waiting.remove(id, f));
        // timed on the asking connection's loop: scheduling there from any thread never blocks
        timer.schedule(() -> f.completeExceptionally(new TimeoutException("the agent tier did not answer")),
                timeoutMillis, TimeUnit.MILLISECONDS);
        bus.send(Envelope.AGENT_TIER, new Envelope(Envelope.HISTORY, Envelope.VISITOR, id, conversationId, after, 0,
                bus.nodeId(), Long.toString(upto))).whenComplete((x, error) -> {
                    if (error != null) {
                        f.completeExceptionally(error);
                    }
                });
        return f;
    }

    /** The agent tier's answer ({@link Envelope#HISTORY_PAGE}); on the node channel's thread. */
    public void answered(Envelope e) {
        CompletableFuture<List<SeqEvent>> f = waiting.remove(e.id());
        if (f == null) {
            return; // answered already by another agent-server node, or timed out
        }
        if (!"ok".equals(e.flag())) {
            f.completeExceptionally(new IllegalStateException("the agent tier could not read PostgreSQL"));
            return;
        }
        try {
            f.complete(events(e.json()));
        } catch (RuntimeException ex) {
            f.completeExceptionally(ex);
        }
    }

    /** The events of an answer: a JSON array of message events, each carrying its {@code seq}. */
    static List<SeqEvent> events(String json) {
        JsonNode array;
        try {
            array = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed history page", e);
        }
        List<SeqEvent> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(new SeqEvent(n.path("seq").asLong(), Json.write(n)));
        }
        return out;
    }

    /** The answer's JSON for {@code events} (each already a JSON object). */
    public static String page(List<SeqEvent> events) {
        StringBuilder b = new StringBuilder(events.size() * 256 + 2).append('[');
        for (int i = 0; i < events.size(); i++) {
            b.append(i == 0 ? "" : ",").append(events.get(i).json());
        }
        return b.append(']').toString();
    }
}
