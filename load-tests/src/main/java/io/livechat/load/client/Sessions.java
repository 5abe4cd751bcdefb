package io.livechat.load.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.protocol.Json;

import java.util.concurrent.CompletableFuture;

/** Creates visitor sessions with {@code POST /v1/sessions} through the pool. */
public final class Sessions {

    private final HttpPool gateway;
    private final String siteKey;

    public Sessions(HttpPool gateway, String siteKey) {
        this.gateway = gateway;
        this.siteKey = siteKey;
    }

    public CompletableFuture<Visitor.Session> create(String name) {
        String body = Json.write(Json.object().put("siteKey", siteKey).put("name", name));
        return gateway.post("/v1/sessions", body, null).thenApply(r -> {
            if (r.status() != 201) {
                throw new IllegalStateException("session not created: " + r);
            }
            JsonNode n = Json.parseObject(r.body());
            return new Visitor.Session(n.path("sid").asText(), n.path("token").asText(),
                    n.path("conversationId").asText());
        });
    }
}
