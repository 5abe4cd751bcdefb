package io.livechat.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.load.report.Series;
import io.livechat.load.report.SvgChart;
import io.livechat.protocol.Json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The Compare scenario's figures: per system, memory and idle CPU per connection (Hold), the highest rate held,
 * p99 per rate and deliveries per server CPU-second (Chat); and livechat's ratio against the better peer on each.
 */
final class CompareReport {

    private static final Map<String, String> COLORS = Map.of("livechat", "#1f77b4", "socketio", "#ff7f0e",
            "cometd", "#2ca02c");

    private CompareReport() {
    }

    static ObjectNode result(CompareScenario c, ArrayNode runs) {
        ObjectNode r = Json.object().put("scenario", "compare").put("transport", c.transport.name().toLowerCase());
        c.systems.forEach(r.putArray("systems")::add);
        r.putObject("hold").put("connections", c.connections).put("holdSeconds", c.holdSeconds)
                .put("settleSeconds", c.settleSeconds);
        ObjectNode chat = r.putObject("chat").put("conversations", c.conversations).put("agents", c.agents)
                .put("stepSeconds", c.stepSeconds).put("warmupSeconds", c.warmupSeconds)
                .put("p99LimitMs", c.p99LimitMs);
        c.rates.forEach(chat.putArray("rates")::add);
        List<Integer> common = commonRates(runs);
        common.forEach(r.putArray("commonRates")::add);
        ObjectNode summaries = r.putObject("summary");
        for (JsonNode run : runs) {
            summaries.set(run.get("system").asText(), summary(run, common));
        }
        r.set("ratios", ratios(summaries, common));
        r.set("runs", runs);
        return r;
    }

    /** One system's figures; null fields where it did not run or has no such reading. */
    static ObjectNode summary(JsonNode run, List<Integer> common) {
        ObjectNode s = Json.object();
        if (run.has("skipped")) {
            return s.put("skipped", run.get("skipped").asText());
        }
        JsonNode h = run.path("hold");
        s.put("connectionsOpened", h.at("/connections/opened").asInt())
                .put("rssBytesPerConnection", h.at("/perConnection/rssBytes").asLong())
                // the growth alone flatters a JVM whose heap was touched at start; the whole footprint beside it
                .put("rssBytesWithConnections", h.at("/loaded/rssBytes").asLong());
        s.set("heapBytesPerConnection", h.at("/perConnection/heapBytes").isNumber()
                ? h.at("/perConnection/heapBytes") : Json.MAPPER.nullNode());
        s.put("idleCpuPercentOfCorePer10k", h.at("/idleCpu/percentOfOneCorePer10k").asDouble());
        JsonNode chat = run.path("chat");
        if (chat.isMissingNode()) {
            return s.put("chatError", run.path("chatError").asText());
        }
        s.put("highestRateHeld", chat.get("highestRateHeld").asInt())
                .put("missing", chat.at("/totals/missing").asLong())
                .put("duplicates", chat.at("/totals/duplicates").asLong());
        ArrayNode steps = s.putArray("steps");
        double deliveries = 0;
        double cpu = 0;
        double redis = 0;
        double postgres = 0;
        for (JsonNode st : chat.get("steps")) {
            int rate = st.get("targetRate").asInt();
            double d = st.get("deliveries").asDouble();
            double c = st.get("serverCpuSeconds").asDouble();
            steps.addObject().put("rate", rate).put("p50Ms", st.at("/latency/p50Ms").asDouble())
                    .put("p99Ms", st.at("/latency/p99Ms").asDouble()).put("held", st.get("held").asBoolean())
                    .put("deliveriesPerCpuSecond", c > 0 ? Math.round(d / c) : 0);
            if (common.contains(rate)) {
                deliveries += d;
                cpu += c;
                redis += st.path("redisCpuSeconds").asDouble();
                postgres += st.path("postgresCpuSeconds").asDouble();
            }
        }
        // ours' storage runs in separate processes (embedded Redis and PostgreSQL): counted in the later figures
        double infra = redis + postgres;
        return s.put("deliveriesPerCpuSecondAtCommonRates", cpu > 0 ? Math.round(deliveries / cpu) : 0)
                .put("deliveriesPerCpuSecondWithRedisPostgres", cpu + infra > 0 ? Math.round(deliveries / (cpu + infra)) : 0)
                .put("redisCpuSecondsPer1000DeliveriesAtCommonRates", perThousand(redis, deliveries))
                .put("postgresCpuSecondsPer1000DeliveriesAtCommonRates", perThousand(postgres, deliveries));
    }

    private static double perThousand(double cpuSeconds, double deliveries) {
        return deliveries > 0 ? Math.round(cpuSeconds / deliveries * 1000 * 1e6) / 1e6 : 0;
    }

    /** The rates every system that chatted ran a step at. */
    static List<Integer> commonRates(ArrayNode runs) {
        TreeSet<Integer> common = null;
        for (JsonNode run : runs) {
            if (run.path("chat").isMissingNode()) {
                continue;
            }
            TreeSet<Integer> mine = new TreeSet<>();
            run.get("chat").get("steps").forEach(st -> mine.add(st.get("targetRate").asInt()));
            if (common == null) {
                common = mine;
            } else {
                common.retainAll(mine);
            }
        }
        return common == null ? List.of() : new ArrayList<>(common);
    }

    /** livechat / the better peer, per figure; empty when livechat or every peer is missing. */
    static ObjectNode ratios(ObjectNode summaries, List<Integer> common) {
        ObjectNode r = Json.object();
        JsonNode ours = summaries.path("livechat");
        Map<String, JsonNode> peers = new LinkedHashMap<>();
        summaries.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("livechat") && !e.getValue().has("skipped")) {
                peers.put(e.getKey(), e.getValue());
            }
        });
        if (ours.isMissingNode() || ours.has("skipped") || peers.isEmpty()) {
            return r;
        }
        ratio(r, "deliveriesPerCpuSecond", ours, peers, x -> x.at("/deliveriesPerCpuSecondAtCommonRates"), true);
        ratio(r, "deliveriesPerCpuSecondWithRedisPostgres", ours, peers,
                x -> x.at("/deliveriesPerCpuSecondWithRedisPostgres"), true);
        ratio(r, "rssBytesPerConnection", ours, peers, x -> x.at("/rssBytesPerConnection"), false);
        ratio(r, "rssBytesWithConnections", ours, peers, x -> x.at("/rssBytesWithConnections"), false);
        ratio(r, "idleCpuPer10k", ours, peers, x -> x.at("/idleCpuPercentOfCorePer10k"), false);
        ratio(r, "highestRateHeld", ours, peers, x -> x.at("/highestRateHeld"), true);
        ArrayNode p99 = r.putArray("p99AtRate");
        for (int rate : common) {
            ratio(p99.addObject().put("rate", rate), "p99Ms", ours, peers, x -> p99At(x, rate), false);
        }
        return r;
    }

    /** Puts {livechat, bestPeer, peer, ratio, higherIsBetter} under {@code name}: livechat against the better peer. */
    private static void ratio(ObjectNode r, String name, JsonNode ours, Map<String, JsonNode> peers,
                              Function<JsonNode, JsonNode> value, boolean higherIsBetter) {
        String best = null;
        double bestValue = 0;
        for (Map.Entry<String, JsonNode> p : peers.entrySet()) {
            JsonNode v = value.apply(p.getValue());
            if (!v.isNumber()) {
                continue;
            }
            double d = v.asDouble();
            if (best == null || (higherIsBetter ? d > bestValue : d < bestValue)) {
                best = p.getKey();
                bestValue = d;
            }
        }
        JsonNode mine = value.apply(ours);
        if (best == null || !mine.isNumber()) {
            return;
        }
        ObjectNode o = r.putObject(name).put("livechat", mine.asDouble()).put("bestPeer", best)
                .put("peer", bestValue).put("higherIsBetter", higherIsBetter);
        o.put("ratio", bestValue == 0 ? null : Math.round(mine.asDouble() / bestValue * 1000) / 1000.0);
    }

    /** A system's p99 at {@code rate}; missing when it ran no step at that rate. */
    static JsonNode p99At(JsonNode summary, int rate) {
        for (JsonNode st : summary.path("steps")) {
            if (st.get("rate").asInt() == rate) {
                return st.get("p99Ms");
            }
        }
        return Json.MAPPER.missingNode();
    }

    /** Whether every system that ran opened every connection and lost or doubled no message. */
    static boolean clean(ArrayNode runs) {
        for (JsonNode run : runs) {
            if (!run.has("skipped") && (run.path("holdExitCode").asInt(1) != 0
                    || run.path("chatExitCode").asInt(1) != 0)) {
                return false;
            }
        }
        return true;
    }

    static List<String> charts(ArrayNode runs) {
        List<Series> p99 = new ArrayList<>();
        List<Series> perCpu = new ArrayList<>();
        for (JsonNode run : runs) {
            String name = run.get("system").asText();
            if (run.path("chat").isMissingNode()) {
                continue;
            }
            Series a = new Series(name + " p99 ms", COLORS.getOrDefault(name, "#7f7f7f"));
            Series b = new Series(name, COLORS.getOrDefault(name, "#7f7f7f"));
            for (JsonNode st : run.get("chat").get("steps")) {
                double cpu = st.get("serverCpuSeconds").asDouble();
                a.add(st.get("targetRate").asDouble(), st.at("/latency/p99Ms").asDouble());
                b.add(st.get("targetRate").asDouble(), cpu > 0 ? st.get("deliveries").asDouble() / cpu : 0);
            }
            p99.add(a);
            perCpu.add(b);
        }
        return List.of(SvgChart.render("Compare: p99 latency per rate (from intended send time)", "msg/s", "ms", true, p99),
                SvgChart.render("Compare: deliveries per server CPU-second", "msg/s", "deliveries per CPU-s", false, perCpu));
    }

    static void print(ObjectNode r, Path file) {
        CompareTable.print(r);
        System.out.println("  results: " + file);
    }
}
