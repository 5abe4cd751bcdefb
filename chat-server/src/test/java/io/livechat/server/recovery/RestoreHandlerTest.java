package io.livechat.server.recovery;

import io.livechat.routing.Envelope;
import io.livechat.store.ConversationStore.Restored;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A burst of restore requests (every visitor back after Redis lost its data) runs a bounded number at a time. */
class RestoreHandlerTest {

    private final Map<String, CompletableFuture<Restored>> started = new ConcurrentHashMap<>();
    private final List<Envelope> answers = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RestoreHandler handler = new RestoreHandler((sid, site) -> started.computeIfAbsent(sid,
            k -> new CompletableFuture<>()), (node, e) -> answers.add(e), 3, registry);

    private static Envelope request(String sid) {
        return new Envelope(Envelope.RESTORE, Envelope.VISITOR, sid, "", 0, 0, "gw-1", "demo");
    }

    @Test
    void burstBeyondTheBoundIsRefusedAndCountedAndAFinishedRestoreMakesRoom() {
        for (int i = 0; i < 10; i++) {
            handler.onEnvelope(request("sid-" + i));
        }
        assertEquals(3, started.size(), "three restores run at once");
        assertEquals(7.0, registry.get("chat.restores.refused").counter().count());

        started.get("sid-0").complete(new Restored(true, "Q2x9aZ0b", 12));
        assertEquals(1, answers.size());
        Envelope answer = answers.get(0);
        assertEquals(List.of(Envelope.RESTORED, "sid-0", "ok", "Q2x9aZ0b", 12L),
                List.of(answer.kind(), answer.id(), answer.flag(), answer.json(), answer.seq()));

        handler.onEnvelope(request("sid-10"));
        assertEquals(4, started.size(), "a finished restore made room for the next request");
        started.get("sid-1").completeExceptionally(new IllegalStateException("PostgreSQL down"));
        handler.onEnvelope(request("sid-11"));
        assertEquals(5, started.size(), "a failed restore made room too, and was not answered");
        assertEquals(1, answers.size());
    }
}
