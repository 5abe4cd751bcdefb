package io.livechat.server.privacy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ChatMessage;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.Json;
import io.livechat.protocol.MessageJson;
import io.livechat.server.store.ConversationRow;
import io.livechat.server.store.Database;
import io.livechat.server.store.TranscriptRepository;
import io.livechat.store.ConversationState;
import io.livechat.store.ConversationStore;
import io.livechat.store.SeqEvent;
import io.livechat.store.VisitorDetails;
import io.livechat.store.VisitorRecord;
import io.livechat.store.VisitorSessions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Everything stored about one visitor session, as one JSON document: what the visitor told (the session record in
 * Redis), and each of its conversations with every message, from PostgreSQL topped up with the Redis log (messages
 * the transcript writer has not stored yet).
 */
public final class VisitorExport {

    private final Database db;
    private final TranscriptRepository transcripts;
    private final ConversationStore conversations;
    private final VisitorSessions sessions;

    public VisitorExport(Database db, TranscriptRepository transcripts, ConversationStore conversations,
                         VisitorSessions sessions) {
        this.db = db;
        this.transcripts = transcripts;
        this.conversations = conversations;
        this.sessions = sessions;
    }

    /** The export of {@code sid}; {@code not_found} when neither store knows it. */
    public CompletableFuture<String> export(String sid) {
        return sessions.find(sid).thenCompose(visitor -> db.submitCall(() -> stored(sid)).thenCompose(rows -> {
            if (visitor != null) {
                rows.putIfAbsent(visitor.conversationId(), null);
            }
            if (rows.isEmpty()) {
                throw new ChatException(ErrorCode.NOT_FOUND, "no data of this visitor");
            }
            List<CompletableFuture<ObjectNode>> parts = new ArrayList<>();
            rows.forEach((id, stored) -> parts.add(conversation(id, stored)));
            return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(x -> {
                ObjectNode r = Json.object().put("sid", sid);
                r.set("visitor", visitor == null ? null : visitorJson(visitor));
                ArrayNode list = r.putArray("conversations");
                parts.forEach(p -> list.add(p.join()));
                return Json.write(r);
            });
        }));
    }

    /** What PostgreSQL holds of the visitor: conversation id -> its row and messages. */
    private Map<String, Stored> stored(String sid) throws java.sql.SQLException {
        Map<String, Stored> out = new LinkedHashMap<>();
        for (ConversationRow row : transcripts.conversationsOfVisitor(sid)) {
            out.put(row.conversationId(), new Stored(row, transcripts.allMessages(row.conversationId())));
        }
        return out;
    }

    private record Stored(ConversationRow row, List<ChatMessage> messages) {
    }

    private CompletableFuture<ObjectNode> conversation(String id, Stored stored) {
        return conversations.state(id).thenCombine(conversations.range(id, 0, -1), (live, log) -> {
            ObjectNode c = Json.object().put("conversationId", id);
            if (live != null) {
                describe(c, live);
            } else if (stored != null) {
                ConversationRow row = stored.row();
                c.put("siteKey", row.siteKey()).put("agentId", row.agentId() == null ? "" : row.agentId().toString())
                        .put("status", row.status()).put("createdAt", row.createdAt());
            }
            TreeMap<Long, String> bySeq = new TreeMap<>();
            log.forEach((SeqEvent e) -> bySeq.put(e.seq(), e.json()));
            if (stored != null) {
                stored.messages().forEach(m -> bySeq.putIfAbsent(m.seq(), MessageJson.of(m)));
            }
            ArrayNode messages = c.putArray("messages");
            bySeq.values().forEach(json -> messages.add(Json.parseObject(json)));
            return c;
        });
    }

    private static void describe(ObjectNode c, ConversationState s) {
        c.put("siteKey", s.siteKey()).put("agentId", s.agentId()).put("status", s.status())
                .put("createdAt", s.createdMillis());
    }

    private static ObjectNode visitorJson(VisitorRecord v) {
        VisitorDetails d = v.details();
        return Json.object().put("siteKey", v.siteKey()).put("conversationId", v.conversationId())
                .put("name", d.name()).put("email", d.email()).put("page", d.page()).put("referrer", d.referrer())
                .put("browser", d.browser()).put("createdAt", v.createdMillis());
    }
}
