package io.livechat.server.recovery;

import io.livechat.protocol.ChatMessage;
import io.livechat.protocol.Frames;
import io.livechat.protocol.MessageJson;
import io.livechat.routing.Envelope;
import io.livechat.routing.NodeBus;
import io.livechat.server.store.ConversationRow;
import io.livechat.server.store.Database;
import io.livechat.server.store.TranscriptRepository;
import io.livechat.store.AgentPresence;
import io.livechat.store.ConversationStore;
import io.livechat.store.ConversationStore.Restoration;
import io.livechat.store.ConversationStore.Restored;
import io.livechat.store.ConversationStore.RestoredMessage;
import io.livechat.store.VisitorDetails;
import io.livechat.store.VisitorRecord;
import io.livechat.store.VisitorSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Puts a conversation that Redis lost back from PostgreSQL: a new epoch, seq at the highest seq PostgreSQL holds
 * (so that no seq is given twice), its site, visitor, agent and status, its newest messages (up to the history cap)
 * in the log, the visitor session record when that is gone too, and an open conversation's assignment to its agent.
 * The agent's desk is told with a {@code reset}.
 * Messages acknowledged but not yet in PostgreSQL when Redis lost its data are gone; the new epoch makes that
 * visible to every client that followed the old log.
 *
 * <p>PostgreSQL is read on the JDBC executor; the rest completes on store I/O threads.
 */
public final class ConversationRestorer {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationRestorer.class);
    /**
     * How long after its last write a conversation is read again before it is restored: longer than the transcript
     * writer takes to commit a batch it had read (its reads block for 100 ms; a commit takes milliseconds).
     */
    static final long SETTLE_MILLIS = 2000;

    private final Database db;
    private final TranscriptRepository transcripts;
    private final ConversationStore conversations;
    private final VisitorSessions sessions;
    private final AgentPresence presence;
    private final int historyCap;
    private volatile NodeBus bus;
    private volatile Runnable onRestored = () -> { };
    private volatile Guard erased = (conversationId, visitorId) -> CompletableFuture.completedFuture(false);

    /** Whether a conversation was erased meanwhile; if so, it has undone the restore. */
    @FunctionalInterface
    public interface Guard {
        /** Completes with true when the conversation was erased (and what the restore put back is gone again). */
        CompletableFuture<Boolean> undoIfErased(String conversationId, String visitorId);
    }

    public ConversationRestorer(Database db, TranscriptRepository transcripts, ConversationStore conversations,
                                VisitorSessions sessions, AgentPresence presence, int historyCap) {
        this.db = db;
        this.transcripts = transcripts;
        this.conversations = conversations;
        this.sessions = sessions;
        this.presence = presence;
        this.historyCap = historyCap;
    }

    public void bind(NodeBus nodeBus) {
        this.bus = nodeBus;
    }

    /**
     * Runs {@code hook} after each conversation this node re-created (Redis lost data: what else it held, such as
     * the sites, is put back too). Called on a store I/O thread: the hook must only start work, never block.
     */
    public void onRestored(Runnable hook) {
        this.onRestored = hook;
    }

    /**
     * Checks every restore against erasures: one that read PostgreSQL just before an erasure committed would
     * otherwise put the erased conversation back into Redis after the erasure cleared it. The check runs after the
     * restore wrote Redis: an erasure committed before it is seen; one committed after clears Redis after it.
     */
    public void guardWith(Guard guard) {
        this.erased = guard;
    }

    /** Restores the conversation of visitor session {@code sid} on {@code siteKey}; null when PostgreSQL has none. */
    public CompletableFuture<Restored> restoreVisitor(String sid, String siteKey) {
        return restore(() -> transcripts.conversationOfVisitor(sid, siteKey));
    }

    /** Restores one conversation; null when PostgreSQL does not have it. */
    public CompletableFuture<Restored> restoreConversation(String conversationId) {
        return restore(() -> transcripts.conversation(conversationId));
    }

    @FunctionalInterface
    private interface RowQuery {
        Optional<ConversationRow> find() throws java.sql.SQLException;
    }

    private CompletableFuture<Restored> restore(RowQuery query) {
        return db.submitCall(() -> load(query)).thenCompose(loaded -> {
            if (loaded == null) {
                return CompletableFuture.completedFuture(null);
            }
            long ago = loaded.row().writtenAgo();
            if (ago < 0 || ago >= SETTLE_MILLIS) {
                return put(loaded);
            }
            // written to a moment ago: a batch the writer read before Redis lost its data may still be on its way
            // to PostgreSQL, and its seqs must not be given again; read once more when it has landed
            Executor later = CompletableFuture.delayedExecutor(SETTLE_MILLIS - ago, TimeUnit.MILLISECONDS);
            return CompletableFuture.supplyAsync(() -> null, later)
                    .thenCompose(x -> db.submitCall(() -> load(query)))
                    .thenCompose(again -> again == null ? CompletableFuture.completedFuture(null) : put(again));
        });
    }

    private Loaded load(RowQuery query) throws java.sql.SQLException {
        Optional<ConversationRow> row = query.find();
        return row.isEmpty() ? null : new Loaded(row.get(),
                transcripts.newestMessages(row.get().conversationId(), historyCap));
    }

    private record Loaded(ConversationRow row, List<ChatMessage> messages) {
    }

    /**
     * Puts a conversation's log on a new epoch after the transcript writer stored some of its messages under new
     * seqs (Redis had given their seqs to other messages: a failover lost writes): the log is reloaded from
     * PostgreSQL, the seq raised above PostgreSQL's highest, and its followers reset, provided Redis is still at
     * {@code expectedSeq} (see {@link ConversationStore#reseat}).
     *
     * @return true when done, or when PostgreSQL does not have the conversation; false when it moved on
     */
    public CompletableFuture<Boolean> reseat(String conversationId, long expectedSeq) {
        RowQuery query = () -> transcripts.conversation(conversationId);
        return db.submitCall(() -> load(query)).thenCompose(loaded -> {
            if (loaded == null) {
                return CompletableFuture.completedFuture(true);
            }
            Restoration r = restoration(loaded);
            return conversations.reseat(r, expectedSeq).thenCompose(done -> {
                if (!done.created()) {
                    return CompletableFuture.completedFuture(false);
                }
                LOG.warn("conversation {}: its log now follows PostgreSQL, at seq {} with epoch {}",
                        conversationId, done.lastSeq(), done.epoch());
                return tellAgent(conversationId, r.agentId(), done).thenApply(x -> true);
            });
        });
    }

    private CompletableFuture<Restored> put(Loaded l) {
        ConversationRow row = l.row();
        Restoration r = restoration(l);
        String agent = r.agentId();
        return conversations.restore(r).thenCompose(done -> {
            if (!done.created()) {
                return CompletableFuture.completedFuture(done);
            }
            LOG.warn("conversation {} was lost by Redis: restored from PostgreSQL at seq {} with epoch {}",
                    row.conversationId(), done.lastSeq(), done.epoch());
            onRestored.run();
            boolean open = "open".equals(r.status()) && !agent.isEmpty();
            return visitorRecord(row, visitorName(l.messages()))
                    .thenCompose(x -> open ? presence.restore(agent, row.conversationId())
                            : CompletableFuture.completedFuture(false))
                    .thenCompose(x -> tellAgent(row.conversationId(), agent, done))
                    .thenCompose(x -> erased.undoIfErased(row.conversationId(), row.visitorId()))
                    .thenApply(wasErased -> wasErased ? null : done);
        });
    }

    /** What PostgreSQL holds of the conversation, as the store takes it back. */
    private static Restoration restoration(Loaded l) {
        ConversationRow row = l.row();
        List<RestoredMessage> messages = new ArrayList<>(l.messages().size());
        boolean closed = false;
        for (ChatMessage m : l.messages()) {
            String event = eventOf(m);
            messages.add(new RestoredMessage(m.seq(), m.clientMsgId(), MessageJson.of(m, event)));
            closed = "closed".equals(event); // the conversation is closed when its last message closed it
        }
        String agent = row.agentId() == null ? "" : String.valueOf(row.agentId());
        return new Restoration(row.conversationId(), row.siteKey(), row.visitorId(), agent,
                closed ? "closed" : "open", row.createdAt(), row.lastSeq(), messages);
    }

    private static String visitorName(List<ChatMessage> messages) {
        String name = "";
        for (ChatMessage m : messages) {
            if (ChatMessage.FROM_VISITOR.equals(m.from()) && !m.senderName().isEmpty()) {
                name = m.senderName();
            }
        }
        return name;
    }

    /** PostgreSQL keeps no event marker: the ids the server gives closings and ratings say which they were. */
    static String eventOf(ChatMessage m) {
        if (ChatMessage.FROM_SYSTEM.equals(m.from()) && m.clientMsgId().startsWith("closed-")) {
            return "closed";
        }
        if (ChatMessage.FROM_VISITOR.equals(m.from()) && m.clientMsgId().startsWith("rating-")) {
            return "rating";
        }
        return null;
    }

    private CompletableFuture<Void> visitorRecord(ConversationRow row, String name) {
        return sessions.find(row.visitorId()).thenCompose(v -> v != null ? CompletableFuture.completedFuture(null)
                : sessions.create(row.visitorId(), new VisitorRecord(row.conversationId(), row.siteKey(),
                        new VisitorDetails(name, "", "", "", ""), row.createdAt())));
    }

    /** A desk following the conversation follows the lost log: it is told to start again from the new one. */
    private CompletableFuture<Void> tellAgent(String conversationId, String agentId, Restored done) {
        NodeBus b = bus;
        if (agentId.isEmpty() || b == null) {
            return CompletableFuture.completedFuture(null);
        }
        String reset = Frames.reset(conversationId, done.epoch(), done.lastSeq());
        // presence may have been lost with the rest: this node then tries its own desks (an agent acting here)
        return presence.node(agentId).thenCompose(node -> b.send(node == null || node.isEmpty() ? b.nodeId() : node,
                new Envelope(Envelope.RESET, Envelope.AGENT, agentId, conversationId, done.lastSeq(), 0,
                        done.epoch(), reset)));
    }
}
