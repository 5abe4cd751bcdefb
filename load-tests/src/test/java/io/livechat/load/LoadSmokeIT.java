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
    void holdSpreadsOverGatewayProcessesFromSeveralGeneratorProcesses() throws IOException {
        int code = Main.run("hold", "--cross-node", "--gateways", "2", "--generators", "2", "--connections", "200",
                "--transport", "mixed", "--hold", "2", "--settle", "1", "--out", out.toString());

        assertEquals(0, code, "hold over processes reports a failure");
        JsonNode r = result("hold");
        assertEquals(200, r.at("/connections/opened").asInt(), "opened by the two generator processes together");
        assertEquals(0, r.at("/connections/failed").asInt());
        assertEquals(2, r.at("/server/generatorProcesses").asInt());
        assertEquals(2, r.at("/server/measuredPids").size(), "both gateway processes measured");
        assertEquals(100, r.at("/connections/serverWebsocket").asInt(), "WebSocket gauges summed over the gateways");
        assertEquals(100, r.at("/connections/serverLongpollHeld").asInt(), "held polls summed over the gateways");
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
        assertTrue(step.get("redisCpuSeconds").isNumber() && step.get("postgresCpuSeconds").isNumber(),
                "Redis and PostgreSQL reported apart: " + step);
        assertEquals(600, step.get("latency").get("count").asLong());
        assertHtmlBeside("chat");
    }

    @Test
    void transcriptsStoresEveryRowOnceWithEveryStrategyAndWritesResults() throws IOException {
        int code = Main.run("transcripts", "--rows", "3000", "--warmup-rows", "0", "--batch-sizes", "100,1000", "--repeats", "1",
                "--conversations", "50", "--out", out.toString());

        assertEquals(0, code, "transcripts reports a failed check");
        JsonNode runs = result("transcripts").get("runs");
        assertEquals(6, runs.size(), "3 strategies x 2 batch sizes");
        for (JsonNode r : runs) {
            String what = r.get("strategy").asText() + "/" + r.get("batchSize").asInt();
            assertEquals(3000, r.get("rowsStored").asLong(), what + ": every row stored once");
            assertEquals(50, r.get("conversationsStored").asLong(), what);
            assertTrue(r.get("textIntact").asBoolean(), what + ": tab, newline, backslash and UTF-8 survive");
            if (!r.get("strategy").asText().equals("jdbc")) {
                assertEquals(0, r.get("insertedOnRetry").asLong(), what + ": a retried batch adds nothing");
            }
            assertTrue(r.get("rowsPerSecond").isNumber() && r.get("rowsPerSecondInsertOnly").isNumber(), what);
        }
        assertHtmlBeside("transcripts");
    }

    @Test
    void crossNodeChatThroughTwoGatewayProcessesDeliversEveryMessageExactlyOnce() throws IOException {
        int conversations = 20;
        int code = Main.run("chat", "--cross-node", "--gateways", "2", "--conversations",
                String.valueOf(conversations), "--agents", "2", "--rates", "200", "--step-seconds", "3",
                "--warmup-seconds", "1", "--p99-limit-ms", "60000", "--out", out.toString());

        assertEquals(0, code, "cross-node chat reports missing or duplicated messages");
        JsonNode r = result("chat");
        assertEquals("cross-node", r.at("/server/topology").asText());
        assertEquals(3, r.at("/server/processes").asInt(), "agent server and two gateways");
        assertEquals(2, r.at("/server/gateways").asInt());
        JsonNode t = r.get("totals");
        assertEquals(600, t.get("measuredMessages").asLong());
        assertEquals(0, t.get("missing").asLong());
        assertEquals(0, t.get("duplicates").asLong());
        assertEquals(0, t.get("echoDuplicates").asLong());
        assertEquals(t.get("sent").asLong(), t.get("acked").asLong(), "every send acknowledged");
        assertEquals(t.get("sent").asLong() - conversations, t.get("deliveredToOtherParty").asLong());
        assertTrue(r.at("/steps/0/transcriptRowsIncludingDrain").isNumber(), "writer rows read from /metrics");
        assertHtmlBeside("chat");
    }

    @Test
    void slowConsumersLeaveTheOthersServedExactlyOnce() throws IOException {
        int code = Main.run("chat", "--in-process", "--conversations", "20", "--transport", "ws", "--agents", "2",
                "--rates", "200", "--step-seconds", "3", "--warmup-seconds", "1", "--p99-limit-ms", "60000",
                "--slow-fraction", "0.1", "--out", out.toString());

        assertEquals(0, code, "a reading visitor or agent missed a message or got one twice");
        JsonNode r = result("chat");
        assertEquals(2, r.at("/steps/0/slowConsumers/visitors").asInt(), "a tenth of 20 visitors stopped reading");
        JsonNode t = r.get("totals");
        assertEquals(0, t.get("missing").asLong());
        assertEquals(0, t.get("duplicates").asLong());
        // 2 of 20 conversations are slow: 80 of the 800 messages (1 s warm-up and 3 s step at 200 msg/s) are
        // theirs, both ways; those are counted apart, never as missing
        assertEquals(80, t.get("toOrFromSlowConsumers").asLong());
        assertEquals(540, r.at("/steps/0/latency/count").asLong(), "everyone else's messages measured");
        assertTrue(r.at("/steps/0/serverRssBytesMax").asLong() > 0);
        assertTrue(r.at("/steps/0/serverHeapUsedBytesEnd").asLong() > 0);
    }

    @Test
    void jmhRunsTheHotPathBenchmarksAndWritesResults() throws IOException {
        int code = Main.run("jmh", "--include", "EnvelopeBenchmark|SessionBufferBenchmark.offerThenEventsAfter$",
                "--forks", "0", "--warmup", "0", "--iterations", "1", "--seconds", "0.2", "--out", out.toString());

        assertEquals(0, code);
        JsonNode r = result("jmh");
        assertEquals(3, r.size(), "encode, decode, offerThenEventsAfter: " + r);
        for (JsonNode b : r) {
            assertTrue(b.at("/primaryMetric/score").isNumber(), b.get("benchmark").asText());
        }
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
