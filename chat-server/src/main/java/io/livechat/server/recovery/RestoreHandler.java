package io.livechat.server.recovery;

import io.livechat.routing.Envelope;
import io.livechat.store.ConversationStore.Restored;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.livechat.routing.NodeBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Answers gateways' {@link Envelope#RESTORE} requests, which every agent-server node receives on the
 * {@link Envelope#AGENT_TIER} channel: restores the visitor's conversation from PostgreSQL and answers the asking
 * node with {@link Envelope#RESTORED}. Several nodes may answer one request; the restore is idempotent and the
 * gateway takes the first answer. Nothing is answered when PostgreSQL failed: the gateway then answers its client
 * {@code unavailable} and the client retries.
 *
 * <p>At most {@code maxConcurrent} restores run at once on a node: after Redis lost its data every visitor comes
 * back within seconds, and unbounded restores would fill the JDBC queue that desks' REST calls share. A request over
 * the bound is not answered (counted in {@code chat_restores_refused_total}); its gateway answers {@code 503
 * unavailable} after its wait, and the visitor retries later, with the other nodes or this one.
 */
public final class RestoreHandler implements NodeBus.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreHandler.class);

    /** Restores one visitor session's conversation (see {@link ConversationRestorer#restoreVisitor}). */
    @FunctionalInterface
    public interface VisitorRestore {
        CompletableFuture<Restored> restore(String sid, String siteKey);
    }

    private final VisitorRestore restorer;
    private final BiConsumer<String, Envelope> replies;
    private final int maxConcurrent;
    private final AtomicInteger running = new AtomicInteger();
    private final Counter refused;

    /** @param replies sends an answer to a node (this node's own bus) */
    public RestoreHandler(VisitorRestore restorer, BiConsumer<String, Envelope> replies, int maxConcurrent,
                          MeterRegistry registry) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be >= 1 but was " + maxConcurrent);
        }
        this.restorer = restorer;
        this.replies = replies;
        this.maxConcurrent = maxConcurrent;
        this.refused = Counter.builder("chat.restores.refused")
                .description("Restore requests not served because too many restores were running").register(registry);
    }

    /** Called on a Lettuce I/O thread: the work goes to the JDBC executor at once. */
    @Override
    public void onEnvelope(Envelope e) {
        if (e.kind() != Envelope.RESTORE) {
            return;
        }
        if (running.incrementAndGet() > maxConcurrent) {
            running.decrementAndGet();
            refused.increment();
            LOG.debug("restore of session {} refused: {} restores running", e.id(), maxConcurrent);
            return;
        }
        String sid = e.id();
        restorer.restore(sid, e.json()).whenComplete((r, error) -> {
            running.decrementAndGet();
            if (error != null) {
                LOG.warn("could not restore the conversation of session {}: {}", sid, error.toString());
                return;
            }
            replies.accept(e.flag(), new Envelope(Envelope.RESTORED, Envelope.VISITOR, sid,
                    "", r == null ? 0 : r.lastSeq(), 0, r == null ? "none" : "ok", r == null ? "" : r.epoch()));
        });
    }
}
