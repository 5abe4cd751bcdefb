package io.livechat.routing;

import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;

import io.netty.util.concurrent.EventExecutor;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A gateway's requests to the agent tier to restore a visitor's conversation that Redis lost: gateways do not
 * reach PostgreSQL, so they ask over the node channels ({@link Envelope#AGENT_TIER}) and wait briefly for the
 * answer on their own channel. One request per session at a time; concurrent askers share it, and a session the
 * agent tier does not know is not asked about again for a minute.
 */
public final class RestoreRequests {

    private final NodeBus bus;
    private final long timeoutMillis;
    private static final long UNKNOWN_MILLIS = 60_000;
    private static final int MAX_UNKNOWN = 10_000;

    private final Map<String, CompletableFuture<Boolean>> waiting = new ConcurrentHashMap<>();
    private final Map<String, Long> unknown = new ConcurrentHashMap<>();

    public RestoreRequests(NodeBus bus, long timeoutMillis) {
        this.bus = bus;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Asks for the session {@code sid} of site {@code siteKey} (from its verified token) to be restored; completes
     * with true when the agent tier restored it (or found it present), false when PostgreSQL does not know it,
     * and fails with {@code unavailable} when no agent-server node answered in time (timed on {@code timer}).
     */
    public CompletableFuture<Boolean> restore(String sid, String siteKey, EventExecutor timer) {
        Long until = unknown.get(sid);
        if (until != null && until > System.currentTimeMillis()) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Boolean> created = new CompletableFuture<>();
        CompletableFuture<Boolean> f = waiting.putIfAbsent(sid, created);
        if (f == null) {
            f = created;
            // the timeout runs on the asking connection's event loop: scheduling there from any thread never blocks
            // (CompletableFuture.orTimeout would take the lock of a shared scheduler's queue)
            timer.schedule(() -> created.completeExceptionally(new TimeoutException()), timeoutMillis,
                    TimeUnit.MILLISECONDS);
            created.whenComplete((x, e) -> waiting.remove(sid, created));
            bus.send(Envelope.AGENT_TIER, new Envelope(Envelope.RESTORE, Envelope.VISITOR, sid, "", 0, 0,
                    bus.nodeId(), siteKey));
        }
        return f.handle((found, error) -> {
            if (error != null) {
                if (error instanceof TimeoutException || error.getCause() instanceof TimeoutException) {
                    throw new ChatException(ErrorCode.UNAVAILABLE, "the agent tier did not answer; retry");
                }
                throw ChatException.from(error);
            }
            return found;
        });
    }

    /** The agent tier's answer ({@link Envelope#RESTORED}); on the node channel's thread. */
    public void answered(Envelope e) {
        CompletableFuture<Boolean> f = waiting.remove(e.id());
        if (f == null) {
            return;
        }
        boolean found = "ok".equals(e.flag());
        if (!found) {
            // a well-signed token of a session PostgreSQL never stored: not asked about again for a while
            if (unknown.size() >= MAX_UNKNOWN) {
                unknown.clear();
            }
            unknown.put(e.id(), System.currentTimeMillis() + UNKNOWN_MILLIS);
        }
        f.complete(found);
    }
}
