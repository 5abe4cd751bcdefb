package io.livechat.load;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.load.report.Ledger;
import io.livechat.load.target.ServerTarget;
import io.livechat.protocol.Json;

import java.nio.file.Path;

/** The Chat scenario's JSON result and console summary. */
final class ChatReport {

    private ChatReport() {
    }

    static ObjectNode result(ChatScenario c, ServerTarget target, Ledger ledger, ArrayNode steps, int held,
                             long from, long to) {
        ObjectNode r = Json.object().put("scenario", "chat").put("system", c.common.system)
                .put("conversationsAssignedBy", c.common.isPeer() ? "join" : "server")
                .put("transport", c.transport.name().toLowerCase())
                .put("conversations", c.conversations).put("agents", c.agents).put("stepSeconds", c.stepSeconds)
                .put("p99LimitMs", c.p99LimitMs).put("highestRateHeld", held);
        r.putObject("server").put("pid", target.pid()).put("inProcess", target.inProcess())
                .put("topology", target.topology()).put("processes", target.pids().size())
                .put("gateways", target.gatewayPorts().size());
        r.put("slowFraction", c.slowFraction);
        r.set("redisPubSubHopIdle", c.redisHop);
        r.put("warmupSeconds", c.warmupSeconds);
        r.putObject("totals").put("measuredMessages", to - from)
                .put("sent", ledger.sent.sum()).put("acked", ledger.acked.sum()).put("refused", ledger.refused.sum())
                .put("deliveredToOtherParty", ledger.delivered.sum()).put("duplicates", ledger.duplicates.sum())
                .put("missing", ledger.missing(0, to))
                .put("echoesToSender", ledger.echoes.sum()).put("echoDuplicates", ledger.echoDuplicates.sum())
                .put("messageFramesReceived", ledger.frames.sum())
                .put("toOrFromSlowConsumers", ledger.excluded.sum())
                .put("toOrFromSlowConsumersDelivered", ledger.excludedDelivered.sum());
        r.set("steps", steps);
        return r;
    }

    static void printStep(ObjectNode s) {
        ObjectNode l = (ObjectNode) s.get("latency");
        System.out.printf("step %,6d msg/s: sent at %,.0f/s, p50 %.2f ms p90 %.2f ms p99 %.2f ms p99.9 %.2f ms "
                        + "max %.2f ms; missing %d, duplicates %d; CPU per 1,000 deliveries: server %.3f s, "
                        + "Redis %.3f s, PostgreSQL %.3f s; transcripts %s rows/s; server RSS max %.0f MB -> %s%n",
                s.get("targetRate").asInt(), s.get("achievedSendRate").asDouble(), l.get("p50Ms").asDouble(),
                l.get("p90Ms").asDouble(), l.get("p99Ms").asDouble(), l.get("p999Ms").asDouble(),
                l.get("maxMs").asDouble(), s.get("missing").asLong(), s.get("duplicates").asLong(),
                s.get("serverCpuSecondsPer1000Deliveries").asDouble(), perThousand(s, "redisCpuSeconds"),
                perThousand(s, "postgresCpuSeconds"), s.get("transcriptRowsPerSecond").isNull() ? "n/a"
                        : String.format("%,d", s.get("transcriptRowsPerSecond").asLong()),
                s.get("serverRssBytesMax").asLong() / 1e6, s.get("held").asBoolean() ? "held" : "NOT held");
    }

    /** The Redis commands that took most of Redis's CPU in the step, with their cost per call. */
    static void printRedisCommands(ObjectNode s) {
        var commands = s.path("redisCommands");
        if (commands.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder("  Redis CPU per command:");
        var names = commands.fieldNames();
        for (int i = 0; i < 6 && names.hasNext(); i++) {
            String name = names.next();
            var c = commands.get(name);
            line.append(String.format(" %s %,d calls %.1f us/call %.2f us/delivery;", name, c.get("calls").asLong(),
                    c.get("usecPerCall").asDouble(), c.get("usecPerDelivery").asDouble()));
        }
        System.out.println(line);
    }

    private static double perThousand(ObjectNode step, String cpuField) {
        long deliveries = step.get("deliveries").asLong();
        return deliveries == 0 ? 0 : step.path(cpuField).asDouble() / deliveries * 1000;
    }

    static void printSummary(ObjectNode r, Path file) {
        ObjectNode t = (ObjectNode) r.get("totals");
        System.out.printf("%nChat (%s, %s, %s, %d conversations, %d agents): highest rate held %,d msg/s (p99 <= %.0f ms)%n",
                r.get("system").asText(), r.get("transport").asText(), r.get("server").get("topology").asText(), r.get("conversations").asInt(), r.get("agents").asInt(),
                r.get("highestRateHeld").asInt(), r.get("p99LimitMs").asDouble());
        System.out.printf("  measured %,d messages: %,d delivered to the other party, %d missing, %d duplicates, "
                        + "%d refused; %,d echoes to senders (%d duplicated)%n",
                t.get("measuredMessages").asLong(), t.get("deliveredToOtherParty").asLong(), t.get("missing").asLong(),
                t.get("duplicates").asLong(), t.get("refused").asLong(), t.get("echoesToSender").asLong(),
                t.get("echoDuplicates").asLong());
        System.out.println("  results: " + file);
    }
}
