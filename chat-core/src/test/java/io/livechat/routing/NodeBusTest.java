package io.livechat.routing;

import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.livechat.metrics.ChatMetrics;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
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

    /** A stand-in for an interface whose calls do nothing; calls returning an interface return another one. */
    @SuppressWarnings("unchecked")
    private static <T> T inert(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            Class<?> r = method.getReturnType();
            if (r.isInterface()) {
                return inert(r);
            }
            if (r == boolean.class) {
                return false;
            }
            return r.isPrimitive() && r != void.class ? 0 : null;
        });
    }

    @SuppressWarnings("unchecked")
    private static NodeBus bus(String nodeId, ChatMetrics metrics, Map<String, NodeBus> process) {
        return new NodeBus(nodeId, inert(StatefulRedisPubSubConnection.class), null, metrics, process);
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
