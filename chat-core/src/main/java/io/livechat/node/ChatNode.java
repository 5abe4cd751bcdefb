package io.livechat.node;

import io.livechat.runtime.GuardedJob;
import io.livechat.runtime.Resources;

import io.livechat.http.HttpListener;
import io.livechat.http.NodeState;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** What every node role has: an id, a readiness state, one listener and its periodic jobs. */
public abstract class ChatNode implements AutoCloseable {

    protected final Resources res;
    protected final String nodeId;
    protected final NodeState state;
    protected HttpListener listener;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    protected ChatNode(Resources res, String nodeId, NodeState state) {
        this.res = res;
        this.nodeId = nodeId;
        this.state = state;
    }

    public String nodeId() {
        return nodeId;
    }

    public int port() {
        return listener.port();
    }

    public NodeState state() {
        return state;
    }

    /** Stops taking new work; {@code /readyz} answers 503 so the balancer sends newcomers elsewhere. */
    public void drain() {
        state.drain();
    }

    /**
     * Runs {@code job} every {@code seconds} on the shared timer until the node stops; a run that throws is
     * logged and counted under {@code name} (one name per role, as roles share a process's metrics), and the job
     * keeps its schedule.
     */
    protected void every(String name, long seconds, Runnable job) {
        timers.add(GuardedJob.every(res.scheduler(), res.metrics(), name, seconds, TimeUnit.SECONDS, job));
    }

    protected void stopTimers() {
        timers.forEach(t -> t.cancel(false));
    }

    /** Dies without any goodbye, as a killed process would: for failure tests. */
    public abstract void crash();
}
