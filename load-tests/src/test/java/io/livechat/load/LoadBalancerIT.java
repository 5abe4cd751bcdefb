package io.livechat.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.load.lb.BalancerKind;
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
 * The lb scenario, short: two gateway JVMs behind Debian's HAProxy or nginx configured from {@code deploy/}, 20
 * visitors (half WebSocket, half long-poll) through the balancer, 100 msg/s for 6 s, the busier gateway killed with
 * SIGKILL at 2 s. Asserts what the servers report and what the visitors received, never timings. Skipped where the
 * balancer is not installed ({@code test.sh} installs both when it runs as root).
 */
class LoadBalancerIT {

    private static final int CONVERSATIONS = 20;

    @TempDir
    Path out;

    @Test
    void throughHaproxyVisitorsStayPinnedAndMoveToTheSurvivorWithoutLossWhenANodeIsKilled() throws IOException {
        runAndCheck(BalancerKind.HAPROXY);
    }

    @Test
    void throughNginxVisitorsStayPinnedAndMoveToTheSurvivorWithoutLossWhenANodeIsKilled() throws IOException {
        runAndCheck(BalancerKind.NGINX);
    }

    private void runAndCheck(BalancerKind kind) throws IOException {
        // a missing balancer fails the run rather than skipping it: ./test.sh installs it
        assertTrue(kind.installed(), kind.binary() + " is not installed (apt-get install -y "
                + kind.label() + "; ./test.sh installs it when run as root)");

        int code = Main.run("lb", "--balancer", kind.label(), "--conversations", String.valueOf(CONVERSATIONS),
                "--transport", "mixed", "--agents", "2", "--rate", "100", "--seconds", "6",
                "--kill-after-seconds", "2", "--out", out.toString());

        JsonNode r = result();
        assertEquals(0, code, "the lb run reports a failed check: " + r.get("checks"));
        JsonNode pinning = r.get("pinning");
        JsonNode perNode = pinning.get("visitorsPerNodeBeforeKill");
        assertEquals(2, perNode.size(), "visitors on both nodes, each named in the registry: " + perNode);
        perNode.forEach(n -> assertTrue(n.asInt() > 0, "each node holds visitors: " + perNode));
        assertEquals(0, pinning.get("takeoversAtFirstConnect").asLong(), "a new session is attached where it first connects");
        assertEquals(0, pinning.get("takeoversWhileMessagesFlowedBeforeKill").asLong(), "pinned: no takeover");
        assertEquals(0, pinning.get("sessionsWhoseNodeChangedBeforeKill").asLong(), "pinned: registry unchanged");
        assertEquals(CONVERSATIONS / 2, pinning.get("wsConnectionsOnAllNodes").asLong(), "one WebSocket each");

        JsonNode f = r.get("failover");
        int onDead = f.get("visitorsOnKilledNode").asInt();
        assertTrue(onDead > 0, "the killed node held visitors");
        assertEquals(onDead, f.get("movedToSurvivor").asInt(), "the killed node's visitors are all on the survivor");
        assertEquals(1, f.get("visitorsPerNodeAtEnd").size(), "one node left: " + f.get("visitorsPerNodeAtEnd"));
        assertEquals(CONVERSATIONS, f.get("visitorsPerNodeAtEnd").elements().next().asInt());
        assertEquals(0, f.get("survivorVisitorsThatMoved").asInt(), "the consistent hash moved only the dead node's");
        assertEquals(0, f.get("notBackAtEnd").asInt());

        JsonNode t = r.get("totals");
        assertEquals(600, t.get("measuredMessages").asLong());
        assertEquals(0, t.get("missing").asLong(), "nothing lost");
        assertEquals(0, t.get("duplicates").asLong(), "nothing shown twice");
        assertEquals(0, t.get("echoesMissing").asLong());
        assertEquals(0, t.get("echoDuplicates").asLong());
        assertEquals(0, t.get("refused").asLong());
        assertEquals(t.get("sent").asLong(), t.get("acked").asLong(), "every send acknowledged once");
        assertTrue(r.get("passed").asBoolean());
        assertHtmlBeside();
    }

    private JsonNode result() throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            Path json = files.filter(p -> p.getFileName().toString().startsWith("lb-")
                    && p.toString().endsWith(".json")).findFirst().orElseThrow();
            return Json.MAPPER.readTree(json.toFile());
        }
    }

    private void assertHtmlBeside() throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            Path html = files.filter(p -> p.getFileName().toString().startsWith("lb-")
                    && p.toString().endsWith(".html")).findFirst().orElseThrow();
            String page = Files.readString(html);
            assertTrue(page.contains("<svg") && !page.contains("<script"), "self-contained chart");
        }
    }
}
