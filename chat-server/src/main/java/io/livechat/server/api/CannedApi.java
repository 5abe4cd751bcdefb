package io.livechat.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.Json;
import io.livechat.server.store.Agent;
import io.livechat.server.store.CannedRepository;
import io.livechat.server.store.CannedResponse;
import io.livechat.server.store.Database;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The canned-response REST operations: list the agent's own and the shared ones, add, change and remove. An agent
 * may change only its own and the shared ones ({@code not_owner} otherwise); roles will narrow the shared ones.
 */
public final class CannedApi {

    static final Pattern SHORTCUT = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    static final int MAX_BODY_CHARS = 4000;

    private final Database db;
    private final CannedRepository canned;

    public CannedApi(Database db, CannedRepository canned) {
        this.db = db;
        this.canned = canned;
    }

    public CompletableFuture<String> list(Agent agent) {
        return db.submitCall(() -> canned.visibleTo(agent.id())).thenApply(CannedApi::listJson);
    }

    /** Adds one: {@code {"shortcut","body","shared"}}; {@code shared} (default false) makes it every agent's. */
    public CompletableFuture<String> create(Agent agent, ObjectNode body) {
        String shortcut = shortcut(body);
        String text = text(body);
        JsonNode shared = body.path("shared");
        if (!shared.isMissingNode() && !shared.isBoolean()) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "shared must be true or false");
        }
        Long owner = shared.asBoolean(false) ? null : agent.id();
        return db.submitCall(() -> canned.insert(owner, shortcut, text)).thenApply(CannedApi::json);
    }

    /** Changes the shortcut and text of one the agent may change. */
    public CompletableFuture<String> update(Agent agent, String id, ObjectNode body) {
        long key = id(id);
        String shortcut = shortcut(body);
        String text = text(body);
        return db.submitCall(() -> {
            mayChange(agent, key);
            return canned.update(key, shortcut, text);
        }).thenApply(CannedApi::json);
    }

    public CompletableFuture<String> delete(Agent agent, String id) {
        long key = id(id);
        return db.submitCall(() -> {
            mayChange(agent, key);
            canned.delete(key);
            return "";
        });
    }

    private void mayChange(Agent agent, long id) throws java.sql.SQLException {
        CannedResponse r = canned.find(id).orElseThrow(
                () -> new ChatException(ErrorCode.NOT_FOUND, "no such canned response"));
        if (!r.shared() && r.agentId() != agent.id()) {
            throw new ChatException(ErrorCode.NOT_OWNER);
        }
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new ChatException(ErrorCode.NOT_FOUND, "no such canned response");
        }
    }

    private static String shortcut(ObjectNode body) {
        String s = body.path("shortcut").isTextual() ? body.path("shortcut").asText() : "";
        if (s.startsWith("/")) {
            s = s.substring(1);
        }
        if (!SHORTCUT.matcher(s).matches()) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "shortcut must be 1-32 characters of [A-Za-z0-9_-]");
        }
        return s;
    }

    private static String text(ObjectNode body) {
        String t = body.path("body").isTextual() ? body.path("body").asText() : "";
        if (t.isBlank() || t.length() > MAX_BODY_CHARS) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "body must be 1-" + MAX_BODY_CHARS + " characters");
        }
        return t;
    }

    static String json(CannedResponse r) {
        return Json.write(node(r));
    }

    private static ObjectNode node(CannedResponse r) {
        ObjectNode n = Json.object().put("id", r.id()).put("shortcut", r.shortcut()).put("body", r.body())
                .put("shared", r.shared());
        if (r.agentId() != null) {
            n.put("agentId", r.agentId());
        }
        return n;
    }

    private static String listJson(List<CannedResponse> rows) {
        ObjectNode r = Json.object();
        com.fasterxml.jackson.databind.node.ArrayNode list = r.putArray("canned");
        rows.forEach(c -> list.add(node(c)));
        return Json.write(r);
    }
}
