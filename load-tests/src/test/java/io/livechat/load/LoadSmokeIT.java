package io.livechat.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.protocol.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A few seconds of each scenario against an in-process all-in-one server, so that the instruments cannot rot:
 * asserts behaviour (everything opened, every message shown once, results written), never timings.
 */
class LoadSmokeIT {

    @TempDir
    Path out;

    @Test
    void holdOpensEveryConnectionOnBothTransportsAndWritesResults() throws IOException {
        int code = Main.run("hold", "--in-process", "--connections", "50", "--transport", "mixed",
                "--hold", "3", "--settle", "1", "--out", out.toString());

        assertEquals(0, code, "hold reports a failure");
        JsonNode r = result("hold");
        assertEquals(50, r.at("/connections/opened").asInt());
        assertEquals(0, r.at("/connections/failed").asInt());
        assertEquals(25, r.at("/connections/serverWebsocket").asInt(), "server-side WebSocket gauge");
        for (String field : new String[] {"/perConnection/rssBytes", "/perConnection/heapBytes",
            "/perConnection/kernelTcpMemBytesBothEnds", "/idleCpu/percentOfOneCorePer10k", "/loaded/rssBytes"}) {
            assertTrue(r.at(field).isNumber(), field + " missing in " + r);
        }
        assertHtmlBeside("hold");
    }

    @Test
    void chatDeliversEveryMessageExactlyOnceAndWritesResults() throws IOException {
        int conversations = 20;
        int code = Main.run("chat", "--in-process", "--conversations", String.valueOf(conversations),
                "--agents", "2", "--rates", "200", "--step-seconds", "3", "--warmup-seconds", "1",
                "--p99-limit-ms", "60000", "--out", out.toString());

        assertEquals(0, code, "chat reports missing or duplicated messages");
        JsonNode r = result("chat");
        JsonNode t = r.get("totals");
        assertEquals(600, t.get("measuredMessages").asLong());
        assertEquals(0, t.get("missing").asLong());
        assertEquals(0, t.get("duplicates").asLong());
        assertEquals(0, t.get("echoDuplicates").asLong());
        assertEquals(0, t.get("refused").asLong());
        assertEquals(t.get("sent").asLong(), t.get("acked").asLong(), "every send acknowledged");
        long measuredAndWarmup = t.get("sent").asLong() - conversations;
        assertEquals(measuredAndWarmup, t.get("deliveredToOtherParty").asLong(), "shown once to the other party");
        assertEquals(measuredAndWarmup, t.get("echoesToSender").asLong(), "echoed once to the sender");
        JsonNode step = r.get("steps").get(0);
        assertEquals(200, step.get("targetRate").asInt());
        for (String field : new String[] {"p50Ms", "p90Ms", "p99Ms", "p999Ms", "maxMs"}) {
            assertTrue(step.get("latency").get(field).isNumber(), field);
        }
        assertTrue(step.get("serverCpuSecondsPer1000Deliveries").isNumber());
        assertEquals(600, step.get("latency").get("count").asLong());
        assertHtmlBeside("chat");
    }

    private JsonNode result(String scenario) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            Path json = files.filter(p -> p.getFileName().toString().startsWith(scenario + "-")
                    && p.toString().endsWith(".json")).findFirst().orElseThrow();
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
