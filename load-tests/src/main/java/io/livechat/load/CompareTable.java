package io.livechat.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Prints the Compare scenario's summary as a table, one column per system, then livechat's ratios. */
final class CompareTable {

    private CompareTable() {
    }

    static void print(ObjectNode r) {
        JsonNode summary = r.get("summary");
        List<String> systems = new ArrayList<>();
        summary.fieldNames().forEachRemaining(systems::add);
        StringBuilder head = new StringBuilder(String.format("%n%-38s", "Compare (" + r.get("transport").asText() + ")"));
        systems.forEach(s -> head.append(String.format("%16s", s)));
        System.out.println(head);
        for (String s : systems) {
            if (summary.get(s).has("skipped")) {
                System.out.printf("  %s skipped: %s%n", s, summary.get(s).get("skipped").asText());
            }
        }
        row("RSS per idle connection (B)", systems, summary, x -> x.get("rssBytesPerConnection"));
        row("RSS with the connections open (MB)", systems, summary, x -> mb(x.get("rssBytesWithConnections")));
        row("heap per idle connection (B)", systems, summary, x -> x.get("heapBytesPerConnection"));
        row("idle CPU (% of a core per 10k)", systems, summary, x -> x.get("idleCpuPercentOfCorePer10k"));
        row("highest rate held (msg/s)", systems, summary, x -> x.get("highestRateHeld"));
        for (JsonNode rate : r.get("commonRates")) {
            row(String.format("p99 at %,d msg/s (ms)", rate.asInt()), systems, summary,
                    x -> CompareReport.p99At(x, rate.asInt()));
        }
        row("deliveries per server CPU-second", systems, summary, x -> x.get("deliveriesPerCpuSecondAtCommonRates"));
        row("  same, with Redis + PostgreSQL CPU", systems, summary, x -> x.get("deliveriesPerCpuSecondWithRedisPostgres"));
        JsonNode ratios = r.get("ratios");
        if (ratios.isEmpty()) {
            System.out.println("no ratios: livechat or every peer missing");
            return;
        }
        System.out.println("livechat / the better peer (ratio > 1 is better for livechat where higher is better, "
                + "< 1 where lower is better):");
        ratio("deliveries per CPU-second (higher better)", ratios.get("deliveriesPerCpuSecond"));
        ratio("  with Redis + PostgreSQL CPU (higher better)", ratios.get("deliveriesPerCpuSecondWithRedisPostgres"));
        ratio("RSS per connection (lower better)", ratios.get("rssBytesPerConnection"));
        ratio("RSS with the connections open (lower better)", ratios.get("rssBytesWithConnections"));
        ratio("idle CPU per 10k (lower better)", ratios.get("idleCpuPer10k"));
        ratio("highest rate held (higher better)", ratios.get("highestRateHeld"));
        for (JsonNode p : ratios.get("p99AtRate")) {
            ratio(String.format("p99 at %,d msg/s (lower better)", p.get("rate").asInt()), p.get("p99Ms"));
        }
    }

    private static void row(String label, List<String> systems, JsonNode summary, Function<JsonNode, JsonNode> f) {
        StringBuilder b = new StringBuilder(String.format("%-38s", label));
        for (String s : systems) {
            JsonNode v = summary.get(s).has("skipped") ? null : f.apply(summary.get(s));
            b.append(String.format("%16s", v == null || !v.isNumber() ? "n/a" : fmt(v.asDouble())));
        }
        System.out.println(b);
    }

    private static void ratio(String label, JsonNode r) {
        if (r == null || r.get("ratio").isNull()) {
            System.out.printf("  %-44s n/a%n", label);
            return;
        }
        System.out.printf("  %-44s %6.2f  (livechat %s, %s %s)%n", label, r.get("ratio").asDouble(),
                fmt(r.get("livechat").asDouble()), r.get("bestPeer").asText(), fmt(r.get("peer").asDouble()));
    }

    private static JsonNode mb(JsonNode bytes) {
        return bytes == null || !bytes.isNumber() ? null
                : com.fasterxml.jackson.databind.node.DoubleNode.valueOf(Math.round(bytes.asDouble() / 1e5) / 10.0);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%.3f", v);
    }
}
