package io.livechat.it;

import io.livechat.config.ChatConfig;
import io.livechat.server.Launcher;
import io.livechat.testsupport.Http;
import io.livechat.testsupport.TestCluster;
import io.livechat.testsupport.TestVisitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one-command, zero-setup mode: embedded Redis and PostgreSQL keep the chat across a restart. */
class RestartIT {

    private static ChatConfig config(Path dir, int redisPort, int pgPort) {
        return ChatConfig.of(Map.of("CHAT_DATA_DIR", dir.toString(), "CHAT_GATEWAY_PORT", "0",
                "CHAT_SERVER_PORT", "0", "CHAT_EMBEDDED_REDIS_PORT", String.valueOf(redisPort),
                "CHAT_EMBEDDED_POSTGRES_PORT", String.valueOf(pgPort), "CHAT_IO_THREADS", "2"));
    }

    @Test
    void theConversationAndItsTranscriptSurviveARestart(@TempDir Path dir) throws Exception {
        ChatConfig config = config(dir, TestCluster.freePort(), TestCluster.freePort());
        TestVisitor v;
        try (Launcher first = Launcher.allInOne(config)) {
            String gw = "http://127.0.0.1:" + first.gatewayNode().port();
            v = TestVisitor.create(gw, "demo");
            for (int i = 1; i <= 3; i++) {
                assertEquals(200, v.send("m-" + i, "before restart " + i).status());
            }
            await().atMost(ClusterTestBase.AWAIT).until(() -> first.serverNode().writer().pendingCount() == 0
                    && transcript(first, v).size() == 3);
        }
        try (Launcher second = Launcher.allInOne(config)) {
            String gw = "http://127.0.0.1:" + second.gatewayNode().port();
            v.moveTo(gw);
            Http.Reply resumed = Http.get(gw + "/v1/poll?" + v.query() + "&after=1", v.auth());
            assertEquals(List.of("before restart 2", "before restart 3"),
                    resumed.json().path("events").findValuesAsText("text"));
            assertEquals(200, v.send("m-1", "before restart 1").status(), "the same id is still a duplicate");
            assertEquals(List.of("before restart 1", "before restart 2", "before restart 3"), transcript(second, v));
        }
    }

    private static List<String> transcript(Launcher l, TestVisitor v) {
        String srv = "http://127.0.0.1:" + l.serverNode().port();
        String token = Http.post(srv + "/api/login", "{\"email\":\"demo@example.com\",\"password\":\"demo\"}")
                .json().path("token").asText();
        return Http.get(srv + "/api/conversations/" + v.conversationId + "/messages?after=0",
                Map.of("Authorization", "Bearer " + token)).json().path("messages").findValuesAsText("text");
    }
}
