package io.livechat.routing;

import io.livechat.metrics.ChatMetrics;
import io.livechat.store.SeqEvent;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A gateway's requests to the agent tier for ranges older than a conversation's log, over in-process buses. */
class HistoryRequestsTest {

    private final EventExecutor loop = new DefaultEventExecutor();
    private final Map<String, NodeBus> process = new ConcurrentHashMap<>();
    private final ChatMetrics metrics = new ChatMetrics();
    private final NodeBus gateway = new NodeBus("gw-1", new NoChannels(), metrics, process);
    private final NodeBus agentTier = new NodeBus(Envelope.AGENT_TIER, new NoChannels(), metrics, process);
    private final List<Envelope> asked = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private HistoryRequests requests(long timeoutMillis) {
        HistoryRequests r = new HistoryRequests(gateway, timeoutMillis);
        gateway.start(e -> {
            if (e.kind() == Envelope.HISTORY_PAGE) {
                r.answered(e);
            }
        });
        agentTier.start(asked::add);
        return r;
    }

    private static SeqEvent message(long seq) {
        return new SeqEvent(seq, "{\"type\":\"message\",\"conversationId\":\"c\",\"seq\":" + seq
                + ",\"text\":\"tab\\there\",\"ts\":1}");
    }

    private void answer(Envelope request, String flag, String json) {
        gateway.deliver(new Envelope(Envelope.HISTORY_PAGE, Envelope.VISITOR, request.id(), request.conversationId(),
                0, 0, flag, json));
    }

    @Test
    void theAgentTierIsAskedForTheRangeAndItsPageComesBackInOrder() {
        HistoryRequests r = requests(5000);
        CompletableFuture<List<SeqEvent>> f = r.read("c", 4, 6, loop);
        Envelope e = asked.get(0);
        assertEquals(List.of("H", "c", "4", "gw-1", "6"), List.of(String.valueOf(e.kind()), e.conversationId(),
                String.valueOf(e.seq()), e.flag(), e.json()));
        List<SeqEvent> page = List.of(message(5), message(6));
        answer(e, "ok", HistoryRequests.page(page));
        assertEquals(page, f.join());
        answer(e, "ok", "[]"); // a second agent-server node's answer changes nothing
        assertEquals(page, f.join());
    }

    @Test
    void anAgentTierThatCouldNotReadPostgresFailsTheReadAtOnce() {
        HistoryRequests r = requests(5000);
        CompletableFuture<List<SeqEvent>> f = r.read("c", 0, 10, loop);
        answer(asked.get(0), "error", "");
        assertThrows(CompletionException.class, f::join);
    }

    @Test
    void noAnswerFailsTheReadAfterTheTimeout() {
        HistoryRequests r = requests(50);
        CompletableFuture<List<SeqEvent>> f = r.read("c", 0, 10, loop);
        CompletionException e = assertThrows(CompletionException.class, f::join);
        assertInstanceOf(TimeoutException.class, e.getCause());
    }
}
