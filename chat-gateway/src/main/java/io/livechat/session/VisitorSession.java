package io.livechat.session;

import io.livechat.delivery.ConversationFeed;
import io.livechat.delivery.EventBatch;
import io.livechat.delivery.FeedListener;
import io.livechat.delivery.LogReader;
import io.livechat.store.Epoch;
import io.livechat.store.SeqEvent;
import io.netty.util.concurrent.EventExecutor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A visitor session live on this node: its conversation's feed (recent events in order, owned by one event loop)
 * and the connections following it, a WebSocket or a held long-poll per tab.
 *
 * <p>Thread-safe: the feed hands its work to its owner loop, the rest is small state behind a lock or volatile.
 */
public final class VisitorSession {

    private static final String CLOSED_MARKER = "\"event\":\"closed\"";

    private final String sid;
    private final String conversationId;
    private final String siteKey;
    private final String visitorName;
    // packed (see Epoch.pack): a String per idle session costs 48 B; the odd epoch that does not pack is kept as is
    private final long epochBits;
    private final String oddEpoch;
    private final ConversationFeed feed;
    // memory per idle session matters (tens of thousands per node): the rarely used parts are created on demand
    private Map<String, FeedListener> pollsByTab;
    private volatile long lastClosedSeq;
    private volatile long lastActivity = System.currentTimeMillis();

    /** A session of a log without an epoch (written before epochs existed); see the full constructor. */
    public VisitorSession(String sid, String conversationId, String siteKey, String visitorName, long lastSeq,
                          List<SeqEvent> recent, int bufferSize, LogReader log, EventExecutor owner) {
        this(sid, conversationId, siteKey, visitorName, lastSeq, recent, "", bufferSize, log, owner);
    }

    /**
     * @param recent the newest events of the conversation, in order, as the attach snapshot read them
     * @param epoch  the epoch of the conversation's log as attached (empty when the log has none)
     * @param owner  the event loop that owns the session's feed (that of the connection that attached it)
     */
    public VisitorSession(String sid, String conversationId, String siteKey, String visitorName, long lastSeq,
                          List<SeqEvent> recent, String epoch, int bufferSize, LogReader log, EventExecutor owner) {
        this.epochBits = Epoch.pack(epoch);
        this.oddEpoch = epochBits == Epoch.NOT_PACKABLE ? epoch : null;
        this.sid = sid;
        this.conversationId = conversationId;
        this.siteKey = siteKey;
        this.visitorName = visitorName;
        this.feed = new ConversationFeed(conversationId, lastSeq, recent, bufferSize, log, owner, this::appended);
    }

    private void appended(SeqEvent e) {
        if (e.json().contains(CLOSED_MARKER)) {
            lastClosedSeq = e.seq();
        }
    }

    public String sid() {
        return sid;
    }

    public String conversationId() {
        return conversationId;
    }

    public String siteKey() {
        return siteKey;
    }

    /** The epoch of the conversation's log this session follows. */
    public String epoch() {
        return epochBits == Epoch.NOT_PACKABLE ? oddEpoch : Epoch.unpack(epochBits);
    }

    public String visitorName() {
        return visitorName;
    }

    public ConversationFeed feed() {
        return feed;
    }

    public long lastSeq() {
        return feed.lastSeq();
    }

    /** The seq of the latest "conversation closed" event this node has seen, 0 if none. */
    public long lastClosedSeq() {
        return lastClosedSeq;
    }

    public long lastActivity() {
        return lastActivity;
    }

    public void touch() {
        lastActivity = System.currentTimeMillis();
    }

    public void addListener(FeedListener l) {
        feed.addListener(l);
        touch();
    }

    public void removeListener(FeedListener l) {
        feed.removeListener(l);
        touch();
    }

    public boolean hasListeners() {
        return feed.hasListeners();
    }

    /** Registers the held poll of a tab and returns the one it replaces, if any. */
    public synchronized FeedListener replacePoll(String tab, FeedListener poll) {
        if (pollsByTab == null) {
            pollsByTab = new HashMap<>(4);
        }
        return pollsByTab.put(tab, poll);
    }

    public synchronized void removePoll(String tab, FeedListener poll) {
        if (pollsByTab != null) {
            pollsByTab.remove(tab, poll);
        }
    }

    /** Takes one sequenced event (any thread); duplicates are ignored and gaps are read from the log. */
    public void offer(SeqEvent e) {
        feed.offer(e);
    }

    /** Up to {@code max} events after {@code cursor}, or the log range to read first; any thread. */
    public EventBatch eventsAfter(long cursor, int max) {
        return feed.eventsAfter(cursor, max);
    }

    public void ephemeral(String json) {
        feed.ephemeral(json);
    }

    public void moved() {
        feed.moved();
    }
}
