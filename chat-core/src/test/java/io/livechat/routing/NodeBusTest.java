package io.livechat.routing;

import io.livechat.metrics.ChatMetrics;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeBusTest {

    private static final Envelope EVENT = new Envelope(Envelope.EVENT, Envelope.AGENT, "1", "c", 1, 0, "",
            "{\"seq\":1}");

    private static NodeBus bus(String nodeId, ChatMetrics metrics, Map<String, NodeBus> process) {
        return new NodeBus(nodeId, new NoChannels(), metrics, process);
    }

    @Test
    void anEnvelopeForANodeInTheSameProcessReachesItsHandler() {
        Map<String, NodeBus> process = new ConcurrentHashMap<>();
        ChatMetrics metrics = new ChatMetrics();
        List<Envelope> got = new CopyOnWriteArrayList<>();
        bus("srv", metrics, process).start(got::add);
        bus("gw", metrics, process).send("srv", EVENT).join();
        assertEquals(List.of(EVENT), got);
    }

    @Test
    void aFailingHandlerForALocalEnvelopeIsLoggedAndCountedNotThrownAtTheSender() {
        Map<String, NodeBus> process = new ConcurrentHashMap<>();
        ChatMetrics metrics = new ChatMetrics();
        bus("srv", metrics, process).start(e -> {
            throw new IllegalStateException("handler failed on purpose");
        });
        CompletableFuture<Void> sent = bus("gw", metrics, process).send("srv", EVENT);
        assertTrue(sent.isDone());
        assertFalse(sent.isCompletedExceptionally(), "the sender's acknowledgement does not depend on delivery");
        assertEquals(1.0, metrics.registry().counter("chat.bus.handler.errors").count());
    }
}
