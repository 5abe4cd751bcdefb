package io.livechat.load.jmh;

import io.livechat.delivery.EventBatch;
import io.livechat.session.VisitorSession;
import io.livechat.store.SeqEvent;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The per-session buffer on the delivery path: each event offered in order (as pub/sub delivers it), then read
 * back after the previous cursor (what a WebSocket pump or a waiting long-poll does next).
 */
@State(Scope.Thread)
public class SessionBufferBenchmark {

    private static final String JSON = "{\"type\":\"message\",\"conversationId\":\"k3JqW0x9fQ2rT8uVbN1mZa\",\"seq\":1}";

    private VisitorSession session;
    private long seq;

    @Setup(Level.Iteration)
    public void setUp() {
        session = new VisitorSession("s1a2b3c4d5e6f7g8h9i0jk", "k3JqW0x9fQ2rT8uVbN1mZa", "demo", "Ada", 0, List.of(),
                64, (conversation, after, upto) -> CompletableFuture.completedFuture(List.of()),
                ImmediateEventExecutor.INSTANCE);
        seq = 0;
    }

    @Benchmark
    public EventBatch offerThenEventsAfter() {
        long s = ++seq;
        session.offer(new SeqEvent(s, JSON));
        return session.eventsAfter(s - 1, 64);
    }

    /** A reader 32 events behind: one call returns 32 events. */
    @Benchmark
    public EventBatch offerThenEventsAfterBehind() {
        long s = ++seq;
        session.offer(new SeqEvent(s, JSON));
        return session.eventsAfter(Math.max(0, s - 32), 64);
    }
}
