package io.livechat.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.protocol.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Socket.IO peer through its adapters (a real {@code node server.js}, installed with {@code npm ci} when its
 * {@code node_modules} is missing: a failed install fails the test), and a tiny compare against livechat; asserts
 * behaviour (everything opened, every message acknowledged and shown once, results written), never timings.
 */
class PeerSmokeIT {

    @TempDir
    Path out;

    @Test
    void socketIoHoldOpensEveryConnectionOnBothTransports() throws IOException {
        int code = Main.run("hold", "--system", "socketio", "--connections", "40", "--transport", "mixed",
                "--hold", "2", "--settle", "1", "--out", out.toString());

        assertEquals(0, code, "hold against socketio reports a failure");
        JsonNode r = result("hold");
        assertEquals("socketio", r.get("system").asText());
        assertEquals(40, r.at("/connections/opened").asInt());
        assertEquals(0, r.at("/connections/failed").asInt());
        assertTrue(r.at("/perConnection/rssBytes").isNumber());
        assertTrue(r.at("/perConnection/heapBytes").isNull(), "a peer's heap is not known, not zero");
        assertTrue(r.at("/idleCpu/percentOfOneCorePer10k").isNumber());
        assertHtmlBeside("hold");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws", "poll"})
    void socketIoChatDeliversEveryMessageExactlyOnce(String transport) throws IOException {
        int code = Main.run("chat", "--system", "socketio", "--conversations", "10", "--agents", "2",
                "--transport", transport, "--rates", "100", "--step-seconds", "2", "--warmup-seconds", "1",
                "--p99-limit-ms", "60000", "--out", out.toString());

        assertEquals(0, code, "chat against socketio reports missing or duplicated messages");
        JsonNode r = result("chat");
        assertEquals("socketio", r.get("system").asText());
        assertEquals("join", r.get("conversationsAssignedBy").asText());
        JsonNode t = r.get("totals");
        assertEquals(200, t.get("measuredMessages").asLong());
        assertEquals(300, t.get("sent").asLong(), "1 s warm-up and 2 s step at 100 msg/s");
        assertEquals(t.get("sent").asLong(), t.get("acked").asLong(), "every send acknowledged");
        assertEquals(0, t.get("refused").asLong());
        assertEquals(0, t.get("missing").asLong());
        assertEquals(0, t.get("duplicates").asLong());
        assertEquals(0, t.get("echoDuplicates").asLong());
        assertEquals(t.get("sent").asLong(), t.get("deliveredToOtherParty").asLong(), "shown once to the other party");
        assertEquals(t.get("sent").asLong(), t.get("echoesToSender").asLong(), "echoed once to the sender");
        JsonNode step = r.get("steps").get(0);
        assertEquals(200, step.at("/latency/count").asLong());
        assertTrue(step.get("serverCpuSecondsPer1000Deliveries").isNumber());
        assertTrue(step.get("serverHeapUsedBytesEnd").isNull() && step.get("transcriptRowsPerSecond").isNull(),
                "no /metrics on a peer: not known, not zero");
        assertHtmlBeside("chat");
    }

    @Test
    void peersRefuseOptionsOnlyLivechatHas() {
        assertNotEquals(0, Main.run("chat", "--system", "socketio", "--cross-node", "--out", out.toString()));
        assertNotEquals(0, Main.run("hold", "--system", "socketio", "--in-process", "--out", out.toString()));
        assertNotEquals(0, Main.run("chat", "--system", "socketio", "--slow-fraction", "0.1", "--out", out.toString()));
        assertNotEquals(0, Main.run("hold", "--system", "nosuch", "--out", out.toString()));
    }

    @Test
    void compareRunsBothSystemsAndWritesThemSideBySide() throws IOException {
        int code = Main.run("compare", "--systems", "livechat,socketio", "--connections", "20", "--hold", "1",
                "--settle", "1", "--conversations", "10", "--agents", "2", "--rates", "100", "--step-seconds", "1",
                "--warmup-seconds", "1", "--p99-limit-ms", "60000", "--out", out.toString());

        assertEquals(0, code, "a system lost or doubled a message, or failed to open a connection");
        JsonNode r = result("compare");
        for (String system : new String[] {"livechat", "socketio"}) {
            JsonNode s = r.at("/summary/" + system);
            assertTrue(s.isObject() && !s.has("skipped"), system + " ran: " + s);
            assertEquals(20, s.get("connectionsOpened").asInt(), system);
            assertEquals(0, s.get("missing").asLong(), system);
            assertEquals(0, s.get("duplicates").asLong(), system);
            assertTrue(s.get("rssBytesPerConnection").isNumber(), system);
            assertEquals(100, s.at("/steps/0/rate").asInt(), system);
        }
        assertEquals("[100]", r.get("commonRates").toString());
        assertEquals("socketio", r.at("/ratios/deliveriesPerCpuSecond/bestPeer").asText());
        assertTrue(r.at("/ratios/rssBytesPerConnection/livechat").isNumber());
        assertEquals(100, r.at("/ratios/p99AtRate/0/rate").asInt());
        assertHtmlBeside("compare");
    }

    private JsonNode result(String scenario) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            Path json = files.filter(p -> p.getFileName().toString().startsWith(scenario + "-")
                    && p.toString().endsWith(".json")).sorted().reduce((a, b) -> b).orElseThrow();
            return Json.MAPPER.readTree(json.toFile());
        }
    }

    private void assertHtmlBeside(String scenario) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            Path html = files.filter(p -> p.getFileName().toString().startsWith(scenario + "-")
                    && p.toString().endsWith(".html")).findFirst().orElseThrow();
            String page = Files.readString(html);
            assertTrue(page.contains("<svg") && !page.contains("<script"), "self-contained chart");
        }
    }
}
