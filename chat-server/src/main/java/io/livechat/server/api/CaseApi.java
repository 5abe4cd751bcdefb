package io.livechat.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.Json;
import io.livechat.server.store.Agent;
import io.livechat.server.store.CaseRepository;
import io.livechat.server.store.Database;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Internal notes and tags on a conversation, for the agents who may read its transcript ({@code not_assigned} and
 * {@code not_found} as for the transcript). Notes are stored in PostgreSQL only and never enter the conversation's
 * log, so that no transport can carry one to the visitor.
 */
public final class CaseApi {

    static final int MAX_NOTE_CHARS = 4000;
    static final int MAX_TAGS = 20;
    static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _.-]{0,39}");

    private final Database db;
    private final CaseRepository cases;
    private final AgentApi access;
    private final boolean closeRequiresTag;

    /** @param closeRequiresTag {@code CHAT_CLOSE_REQUIRES_TAG}: closing refused with {@code tag_required} */
    public CaseApi(Database db, CaseRepository cases, AgentApi access, boolean closeRequiresTag) {
        this.db = db;
        this.cases = cases;
        this.access = access;
        this.closeRequiresTag = closeRequiresTag;
    }

    public CompletableFuture<String> notes(Agent agent, String conversationId) {
        return access.authorize(agent.id(), conversationId)
                .thenCompose(x -> db.submitCall(() -> cases.notes(conversationId))).thenApply(notes -> {
                    ObjectNode r = Json.object();
                    ArrayNode list = r.putArray("notes");
                    notes.forEach(n -> list.add(note(n)));
                    return Json.write(r);
                });
    }

    /** Adds a note {@code {"text":…}}: 1-4000 characters, not blank. */
    public CompletableFuture<String> addNote(Agent agent, String conversationId, ObjectNode body) {
        String text = body.path("text").isTextual() ? body.path("text").asText() : "";
        if (text.isBlank() || text.length() > MAX_NOTE_CHARS) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "text must be 1-" + MAX_NOTE_CHARS + " characters");
        }
        return access.authorize(agent.id(), conversationId)
                .thenCompose(x -> db.submitCall(() -> cases.addNote(conversationId, agent.id(), agent.displayName(),
                        text))).thenApply(n -> Json.write(note(n)));
    }

    public CompletableFuture<String> tags(Agent agent, String conversationId) {
        return access.authorize(agent.id(), conversationId)
                .thenCompose(x -> db.submitCall(() -> cases.tags(conversationId))).thenApply(this::tagsJson);
    }

    /** Replaces the tags with {@code {"tags":[…]}}: each trimmed and lower-cased, duplicates merged. */
    public CompletableFuture<String> setTags(Agent agent, String conversationId, ObjectNode body) {
        List<String> tags = parseTags(body.path("tags"));
        return access.authorize(agent.id(), conversationId)
                .thenCompose(x -> db.submitCall(() -> cases.setTags(conversationId, tags, agent.id())))
                .thenApply(this::tagsJson);
    }

    /** Every tag in use, most used first: for the desk's suggestions. */
    public CompletableFuture<String> allTags() {
        return db.submitCall(cases::tagCounts).thenApply(counts -> {
            ObjectNode r = Json.object();
            ArrayNode list = r.putArray("tags");
            counts.forEach((t, n) -> list.addObject().put("tag", t).put("conversations", n));
            return Json.write(r);
        });
    }

    /**
     * What closing a conversation asks first (any thread; completes on the JDBC executor): nothing, or, with
     * {@code CHAT_CLOSE_REQUIRES_TAG}, at least one tag ({@code tag_required} otherwise).
     */
    public CompletableFuture<Void> beforeClose(String conversationId) {
        if (!closeRequiresTag) {
            return CompletableFuture.completedFuture(null);
        }
        return db.submitCall(() -> cases.tags(conversationId)).thenAccept(tags -> {
            if (tags.isEmpty()) {
                throw new ChatException(ErrorCode.TAG_REQUIRED);
            }
        });
    }

    static List<String> parseTags(JsonNode node) {
        if (!node.isArray() || node.size() > MAX_TAGS) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "tags must be an array of at most " + MAX_TAGS);
        }
        TreeSet<String> out = new TreeSet<>();
        for (JsonNode t : node) {
            String tag = t.isTextual() ? t.asText().trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT) : "";
            if (!TAG.matcher(tag).matches()) {
                throw new ChatException(ErrorCode.BAD_REQUEST,
                        "each tag is 1-40 letters, digits, spaces, '_', '.' or '-', starting with a letter or digit");
            }
            out.add(tag);
        }
        return new ArrayList<>(out);
    }

    private String tagsJson(List<String> tags) {
        ObjectNode r = Json.object();
        ArrayNode list = r.putArray("tags");
        tags.forEach(list::add);
        return Json.write(r.put("closeRequiresTag", closeRequiresTag));
    }

    private static ObjectNode note(CaseRepository.Note n) {
        return Json.object().put("id", n.id()).put("agentId", n.agentId()).put("agentName", n.agentName())
                .put("text", n.text()).put("createdAt", n.createdAt());
    }
}
