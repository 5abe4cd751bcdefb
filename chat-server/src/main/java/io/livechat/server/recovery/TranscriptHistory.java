package io.livechat.server.recovery;

import io.livechat.delivery.HistoryReader;
import io.livechat.protocol.ChatMessage;
import io.livechat.protocol.MessageJson;
import io.livechat.server.store.Database;
import io.livechat.server.store.TranscriptRepository;
import io.livechat.store.SeqEvent;
import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable record behind the Redis log: a range of a conversation's messages read from PostgreSQL (on the JDBC
 * executor), as clients receive them, for a cursor older than the log's start. The desk reads it directly; gateways
 * ask for it over the node bus ({@link HistoryHandler}).
 */
public final class TranscriptHistory implements HistoryReader {

    private final Database db;
    private final TranscriptRepository transcripts;

    public TranscriptHistory(Database db, TranscriptRepository transcripts) {
        this.db = db;
        this.transcripts = transcripts;
    }

    /** Completes on the JDBC executor's thread; {@code timer} is not needed (the database has its own timeouts). */
    @Override
    public CompletableFuture<List<SeqEvent>> read(String conversationId, long after, long upto, EventExecutor timer) {
        int limit = (int) Math.min(Math.max(0, upto - after), TranscriptRepository.MAX_LIMIT);
        return db.submitCall(() -> transcripts.messagesAfter(conversationId, after, limit)).thenApply(messages -> {
            List<SeqEvent> out = new ArrayList<>(messages.size());
            for (ChatMessage m : messages) {
                if (m.seq() <= upto) {
                    out.add(new SeqEvent(m.seq(), MessageJson.of(m, ConversationRestorer.eventOf(m))));
                }
            }
            return out;
        });
    }
}
