package io.livechat.load.lb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.load.report.Ledger;
import io.livechat.load.report.Percentiles;
import io.livechat.load.target.ClusterServers;
import io.livechat.protocol.Json;
import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * The lb scenario's JSON result: the servers' view before and after the kill, the failover (who moved, how long
 * the visitors took to be back), latency before and after, the ledger's totals, and the checks that decide the
 * exit code.
 */
final class LbReport {

    /** Per-visitor lines in the JSON, at most this many. */
    private static final int MAX_DETAIL = 500;

    private LbReport() {
    }

    static ObjectNode result(LbScenario o, LbRun run, ClusterServers cluster, Balancer balancer) {
        ObjectNode r = Json.object().put("scenario", "lb").put("balancer", balancer.kind().label())
                .put("transport", o.transport.name().toLowerCase()).put("conversations", o.conversations)
                .put("agents", o.agents).put("rate", o.rate).put("seconds", o.seconds)
                .put("killAfterSeconds", o.killAfterSeconds);
        ArrayNode gws = r.putArray("gateways");
        for (int g = 0; g < cluster.gatewayPorts().size(); g++) {
            gws.addObject().put("node", cluster.gatewayNodeId(g)).put("port", cluster.gatewayPorts().get(g))
                    .put("pid", cluster.gatewayPid(g)).put("killed", g == run.killed);
        }
        ObjectNode servers = r.putObject("serverView");
        servers.set("atFirstConnect", run.atFirstConnect.json());
        servers.set("afterWarmUp", run.afterWarmUp.json());
        servers.set("justBeforeKill", run.justBeforeKill.json());
        servers.set("atEnd", run.atEnd.json());
        ObjectNode checks = Json.object();
        r.set("pinning", pinning(run, checks));
        r.set("failover", failover(run, cluster, checks));
        ObjectNode lat = r.putObject("latency");
        lat.set("beforeKill", Percentiles.json(run.beforeKill));
        lat.set("fromKillOn", Percentiles.json(run.afterKill));
        r.set("resume", resume(run.stats));
        r.set("totals", totals(o, run.ledger, checks));
        r.set("checks", checks);
        boolean passed = true;
        for (var it = checks.fields(); it.hasNext(); ) {
            passed &= it.next().getValue().asBoolean();
        }
        r.put("passed", passed);
        return r;
    }

    /** Before the kill: both nodes hold visitors, nobody moved while messages flowed, the gauges agree. */
    private static ObjectNode pinning(LbRun run, ObjectNode checks) {
        ObjectNode p = Json.object();
        Map<String, Integer> perNode = run.justBeforeKill.perNode();
        int changed = changedSessions(run.afterWarmUp.nodeOfSession(), run.justBeforeKill.nodeOfSession());
        long takeovers = sum(run.justBeforeKill.takeovers()) - sum(run.afterWarmUp.takeovers());
        p.put("takeoversAtFirstConnect", sum(run.atFirstConnect.takeovers()))
                .put("takeoversDuringWarmUp", sum(run.afterWarmUp.takeovers()) - sum(run.atFirstConnect.takeovers()))
                .put("takeoversWhileMessagesFlowedBeforeKill", takeovers)
                .put("sessionsWhoseNodeChangedBeforeKill", changed)
                .put("sessionsWithoutRegistryEntry", perNode.getOrDefault("none", 0));
        p.set("visitorsPerNodeBeforeKill", Json.MAPPER.valueToTree(perNode));
        long wsVisitors = run.visitors.stream().filter(v -> v.transport().equals("ws")).count();
        p.put("wsVisitors", wsVisitors).put("wsConnectionsOnAllNodes", sum(run.justBeforeKill.wsConnections()));
        checks.put("visitorsOnBothNodes", perNode.keySet().stream().filter(n -> !n.equals("none")).count() >= 2);
        // sessions are attached by their first request with a sid, so not even the first connect moves one
        checks.put("noTakeoverBeforeKill", sum(run.justBeforeKill.takeovers()) == 0 && changed == 0);
        checks.put("everyWebSocketConnectedOnce", sum(run.justBeforeKill.wsConnections()) == wsVisitors);
        Map<String, Long> expected = new java.util.TreeMap<>();
        run.justBeforeKill.wsConnections().keySet().forEach(node -> expected.put(node, 0L));
        run.visitors.stream().filter(v -> v.transport().equals("ws"))
                .forEach(v -> expected.merge(run.justBeforeKill.nodeOfSession().get(v.sid()), 1L, Long::sum));
        p.set("wsVisitorsPerNodeByRegistry", Json.MAPPER.valueToTree(expected));
        p.set("wsConnectionsPerNodeByGauge", Json.MAPPER.valueToTree(run.justBeforeKill.wsConnections()));
        // each WebSocket sits on the node the registry names for its session: the gauge of every node agrees
        checks.put("webSocketsOnTheirRegisteredNode", expected.equals(run.justBeforeKill.wsConnections()));
        return p;
    }

    /** After the kill: the dead node's visitors are all on the survivor, the survivor's stayed, all are back. */
    private static ObjectNode failover(LbRun run, ClusterServers cluster, ObjectNode checks) {
        ObjectNode f = Json.object();
        if (run.killed < 0) {
            f.put("killed", false);
            return f;
        }
        String dead = cluster.gatewayNodeId(run.killed);
        Map<String, String> before = run.justBeforeKill.nodeOfSession();
        Map<String, String> after = run.atEnd.nodeOfSession();
        int onDead = 0;
        int movedToSurvivor = 0;
        int survivorsMoved = 0;
        int sawLoss = 0;
        int unexpectedLoss = 0;
        int notBack = 0;
        Histogram back = new Histogram(Ledger.MAX_MICROS, 3);
        ArrayNode detail = Json.MAPPER.createArrayNode();
        for (ResumingVisitor v : run.visitors) {
            if (detail.size() < MAX_DETAIL) {
                detail.addObject().put("sid", v.sid()).put("transport", v.transport())
                        .put("nodeBeforeKill", before.get(v.sid())).put("nodeAtEnd", after.get(v.sid()))
                        .put("losses", v.losses())
                        .put("lostMsAfterKill", v.lostAtNanos() == 0 ? null : (v.lostAtNanos() - run.killNanos) / 1e6)
                        .put("backMsAfterKill", v.backAtNanos() == 0 ? null : (v.backAtNanos() - run.killNanos) / 1e6);
            }
            boolean wasOnDead = dead.equals(before.get(v.sid()));
            String now = after.get(v.sid());
            boolean lost = v.lostAtNanos() >= run.killNanos;
            if (wasOnDead) {
                onDead++;
                movedToSurvivor += !now.equals(dead) && !now.equals("none") ? 1 : 0;
                if (lost) {
                    sawLoss++;
                    if (v.isUp() && v.backAtNanos() > v.lostAtNanos()) {
                        back.recordValue(Math.min(Ledger.MAX_MICROS, (v.backAtNanos() - run.killNanos) / 1000));
                    } else {
                        notBack++;
                    }
                }
            } else {
                survivorsMoved += now.equals(before.get(v.sid())) ? 0 : 1;
                unexpectedLoss += lost ? 1 : 0;
            }
        }
        long survivorTakeovers = sum(run.atEnd.takeovers()) - sum(subtract(run.justBeforeKill.takeovers(), dead));
        f.put("killedNode", dead).put("visitorsOnKilledNode", onDead).put("movedToSurvivor", movedToSurvivor)
                .put("sawTheLoss", sawLoss).put("notBackAtEnd", notBack)
                .put("survivorVisitorsThatMoved", survivorsMoved).put("survivorVisitorsThatLostTheirConnection",
                        unexpectedLoss)
                .put("takeoversOnSurvivorFromKillOn", survivorTakeovers);
        f.set("visitorsPerNodeAtEnd", Json.MAPPER.valueToTree(run.atEnd.perNode()));
        f.put("wsConnectionsAtEnd", sum(run.atEnd.wsConnections()));
        ObjectNode ms = f.putObject("killToBackMs").put("visitors", back.getTotalCount());
        ms.put("p50", Percentiles.ms(back, 50)).put("p99", Percentiles.ms(back, 99))
                .put("max", back.getTotalCount() == 0 ? 0 : back.getMaxValue() / 1000.0);
        f.put("drainedSecondsAfterKill", Percentiles.round((run.drainedAfterNanos - run.killNanos) / 1e9));
        f.set("visitors", detail);
        checks.put("killedNodesVisitorsAllOnSurvivor", onDead > 0 && movedToSurvivor == onDead);
        checks.put("survivorsVisitorsStayed", survivorsMoved == 0);
        checks.put("everyVisitorBack", notBack == 0 && run.visitors.stream().allMatch(ResumingVisitor::isUp));
        return f;
    }

    private static ObjectNode resume(ResumeStats s) {
        return Json.object().put("losses", s.losses.sum()).put("reconnectAttempts", s.reconnectAttempts.sum())
                .put("transmittedAgainAfterLoss", s.resends.sum())
                .put("acksMarkedDuplicateByServer", s.duplicateAcks.sum())
                .put("repeatedAcks", s.repeatedAcks.sum()).put("pollsRefused", s.refusedPolls.sum());
    }

    private static ObjectNode totals(LbScenario o, Ledger l, ObjectNode checks) {
        long count = (long) o.rate * o.seconds;
        long missing = l.missing(0, count);
        long echoesMissing = count - (l.echoes.sum() - l.echoDuplicates.sum());
        ObjectNode t = Json.object().put("measuredMessages", count).put("sent", l.sent.sum())
                .put("acked", l.acked.sum()).put("refused", l.refused.sum())
                .put("deliveredToOtherParty", l.delivered.sum()).put("missing", missing)
                .put("duplicates", l.duplicates.sum()).put("echoesToSender", l.echoes.sum())
                .put("echoesMissing", echoesMissing).put("echoDuplicates", l.echoDuplicates.sum());
        checks.put("noMessageMissing", missing == 0 && echoesMissing == 0);
        checks.put("noMessageDuplicated", l.duplicates.sum() == 0 && l.echoDuplicates.sum() == 0);
        checks.put("everySendAcknowledged", l.refused.sum() == 0 && l.acked.sum() == l.sent.sum());
        return t;
    }

    private static int changedSessions(Map<String, String> a, Map<String, String> b) {
        int n = 0;
        for (Map.Entry<String, String> e : a.entrySet()) {
            n += e.getValue().equals(b.get(e.getKey())) ? 0 : 1;
        }
        return n;
    }

    private static Map<String, Long> subtract(Map<String, Long> m, String node) {
        Map<String, Long> copy = new java.util.TreeMap<>(m);
        copy.remove(node);
        return copy;
    }

    private static long sum(Map<String, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The console summary. */
    static void print(ObjectNode r, java.nio.file.Path file) {
        ObjectNode p = (ObjectNode) r.get("pinning");
        ObjectNode f = (ObjectNode) r.get("failover");
        ObjectNode t = (ObjectNode) r.get("totals");
        System.out.printf("%nBehind %s (%s, %d conversations, %d msg/s for %d s, kill at %.1f s)%n",
                r.get("balancer").asText(), r.get("transport").asText(), r.get("conversations").asInt(),
                r.get("rate").asInt(), r.get("seconds").asInt(), r.get("killAfterSeconds").asDouble());
        System.out.printf("  before the kill: visitors per node %s; takeovers at first connect %d, while messages "
                        + "flowed %d; WebSockets on the nodes %d of %d%n", p.get("visitorsPerNodeBeforeKill"),
                p.get("takeoversAtFirstConnect").asLong(), p.get("takeoversWhileMessagesFlowedBeforeKill").asLong(),
                p.get("wsConnectionsOnAllNodes").asLong(), p.get("wsVisitors").asLong());
        if (f.has("killedNode")) {
            System.out.printf("  after killing %s: visitors per node %s; %d of %d moved to the survivor, %d saw the "
                            + "loss, kill to back p50 %.0f ms p99 %.0f ms max %.0f ms; survivor's visitors moved %d%n",
                    f.get("killedNode").asText(), f.get("visitorsPerNodeAtEnd"), f.get("movedToSurvivor").asInt(),
                    f.get("visitorsOnKilledNode").asInt(), f.get("sawTheLoss").asInt(),
                    f.at("/killToBackMs/p50").asDouble(), f.at("/killToBackMs/p99").asDouble(),
                    f.at("/killToBackMs/max").asDouble(), f.get("survivorVisitorsThatMoved").asInt());
        }
        System.out.printf("  latency before the kill: %s%n  latency from the kill on: %s%n",
                line(r.at("/latency/beforeKill")), line(r.at("/latency/fromKillOn")));
        System.out.printf("  %,d messages: %d missing, %d duplicates, %d echoes missing, %d echo duplicates, "
                        + "%d refused; resends %d (%d already accepted)%n", t.get("measuredMessages").asLong(),
                t.get("missing").asLong(), t.get("duplicates").asLong(), t.get("echoesMissing").asLong(),
                t.get("echoDuplicates").asLong(), t.get("refused").asLong(),
                r.at("/resume/transmittedAgainAfterLoss").asLong(), r.at("/resume/acksMarkedDuplicateByServer").asLong());
        System.out.println("  checks: " + r.get("checks") + " -> " + (r.get("passed").asBoolean() ? "PASSED" : "FAILED"));
        System.out.println("  results: " + file);
    }

    private static String line(com.fasterxml.jackson.databind.JsonNode l) {
        return String.format("p50 %.2f ms p90 %.2f ms p99 %.2f ms max %.2f ms (n=%d)", l.get("p50Ms").asDouble(),
                l.get("p90Ms").asDouble(), l.get("p99Ms").asDouble(), l.get("maxMs").asDouble(), l.get("count").asLong());
    }
}
