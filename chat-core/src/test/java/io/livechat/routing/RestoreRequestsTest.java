package io.livechat.routing;

import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A gateway's restore requests to the agent tier, over in-process buses. */
class RestoreRequestsTest {

    private static final io.netty.util.concurrent.EventExecutor LOOP =
            new io.netty.util.concurrent.DefaultEventExecutor();

    private final Map<String, NodeBus> process = new ConcurrentHashMap<>();
    private final ChatMetrics metrics = new ChatMetrics();
    private final NodeBus gateway = new NodeBus("gw-1", new NoChannels(), metrics, process);
    private final NodeBus agentTier = new NodeBus(Envelope.AGENT_TIER, new NoChannels(), metrics, process);
    private final List<Envelope> asked = new CopyOnWriteArrayList<>();

    private RestoreRequests requests(long timeoutMillis) {
        RestoreRequests r = new RestoreRequests(gateway, timeoutMillis);
        gateway.start(e -> {
            if (e.kind() == Envelope.RESTORED) {
                r.answered(e);
            }
        });
        return r;
    }

    private void answer(Envelope request, String flag) {
        gateway.deliver(new Envelope(Envelope.RESTORED, Envelope.VISITOR, request.id(), "", 3, 0, flag, "ep0ch-01"));
    }

    @Test
    void theAgentTierIsAskedWithTheSidTheSiteAndWhereToAnswer() {
        RestoreRequests r = requests(5000);
        agentTier.start(asked::add);
        CompletableFuture<Boolean> first = r.restore("sid-1", "demo", LOOP);
        CompletableFuture<Boolean> second = r.restore("sid-1", "demo", LOOP);
        assertEquals(1, asked.size(), "concurrent askers share one request");
        Envelope e = asked.get(0);
        assertEquals(List.of(String.valueOf(Envelope.RESTORE), "sid-1", "gw-1", "demo"),
                List.of(String.valueOf(e.kind()), e.id(), e.flag(), e.json()));
        answer(e, "ok");
        assertTrue(first.join());
        assertTrue(second.join());
    }

    @Test
    void aSessionTheAgentTierDoesNotKnowIsNotAskedAboutAgainForAWhile() {
        RestoreRequests r = requests(5000);
        agentTier.start(asked::add);
        CompletableFuture<Boolean> f = r.restore("sid-1", "demo", LOOP);
        answer(asked.get(0), "none");
        assertFalse(f.join());
        assertFalse(r.restore("sid-1", "demo", LOOP).join());
        assertEquals(1, asked.size());
    }

    @Test
    void noAnswerInTimeIsUnavailable() {
        RestoreRequests r = requests(50);
        CompletionException e = assertThrows(CompletionException.class, () -> r.restore("sid-1", "demo", LOOP).join());
        assertSame(ErrorCode.UNAVAILABLE, ChatException.from(e).code());
    }
}
