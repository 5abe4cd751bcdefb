package io.livechat.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.load.peer.PeerSystems;
import io.livechat.load.report.ResultFiles;
import io.livechat.protocol.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Compare: Hold, then Chat, against livechat and the peer systems one after another in the same run with the same
 * parameters (through {@link HoldScenario} and {@link ChatScenario} themselves); writes each scenario's own
 * results plus {@code compare-<time>.json/.html} with the figures side by side and livechat's ratios against the
 * better peer. A system that cannot start is skipped, with the reason recorded.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Hold then Chat against livechat, socketio and cometd in turn, same parameters: side by side, with ratios.")
public final class CompareScenario implements Callable<Integer> {

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--systems", split = ",", description = "systems, run in this order (default: ${DEFAULT-VALUE})")
    List<String> systems = List.of("livechat", "socketio", "cometd");

    @Option(names = "--transport", description = "visitors' transport in both scenarios: ws, poll or mixed (default: ${DEFAULT-VALUE})")
    VisitorFleet.Mix transport = VisitorFleet.Mix.MIXED;

    @Option(names = "--connections", description = "Hold: idle visitors (default: ${DEFAULT-VALUE})")
    int connections = 5000;

    @Option(names = "--hold", description = "Hold: idle window measured for CPU, seconds (default: ${DEFAULT-VALUE})")
    int holdSeconds = 30;

    @Option(names = "--settle", description = "Hold: seconds after connecting before measuring (default: ${DEFAULT-VALUE})")
    int settleSeconds = 3;

    @Option(names = "--conversations", description = "Chat: visitors, one conversation each (default: ${DEFAULT-VALUE})")
    int conversations = 500;

    @Option(names = "--agents", description = "Chat: agents (default: ${DEFAULT-VALUE})")
    int agents = 4;

    @Option(names = "--rates", split = ",", description = "Chat: total messages per second, one step each (default: ${DEFAULT-VALUE})")
    List<Integer> rates = List.of(1000, 2000, 5000);

    @Option(names = "--step-seconds", description = "Chat: seconds each step sends for (default: ${DEFAULT-VALUE})")
    int stepSeconds = 10;

    @Option(names = "--warmup-seconds", description = "Chat: unmeasured seconds at the first rate (default: ${DEFAULT-VALUE})")
    int warmupSeconds = 20;

    @Option(names = "--p99-limit-ms", description = "Chat: stop stepping once p99 passes this (default: ${DEFAULT-VALUE})")
    double p99LimitMs = 50;

    @Option(names = "--drain-seconds", description = "Chat: seconds allowed after a step for the last messages (default: ${DEFAULT-VALUE})")
    double drainSeconds = 5;

    /** The JSON file the last run wrote (for tests). */
    Path resultFile;

    @Override
    public Integer call() throws Exception {
        if (common.isPeer()) {
            throw new IllegalArgumentException("compare takes --systems, not --system");
        }
        if (common.inProcess || common.crossNode) {
            throw new IllegalArgumentException("compare runs every system as one separate process: no --in-process or --cross-node");
        }
        for (String s : systems) {
            if (!PeerSystems.NAMES.contains(s)) {
                throw new IllegalArgumentException("--systems takes " + PeerSystems.NAMES + ", got " + s);
            }
        }
        ArrayNode runs = Json.MAPPER.createArrayNode();
        for (String s : systems) {
            System.out.printf("%n=== compare: %s ===%n", s);
            runs.add(runSystem(s));
        }
        ObjectNode result = CompareReport.result(this, runs);
        resultFile = ResultFiles.write(common.out, "compare", result, CompareReport.charts(runs));
        CompareReport.print(result, resultFile);
        return CompareReport.clean(runs) ? 0 : 1;
    }

    /** Hold, then Chat, against one system; a system that cannot be created or started is skipped. */
    private ObjectNode runSystem(String name) {
        ObjectNode run = Json.object().put("system", name);
        try {
            if (!"livechat".equals(name)) {
                PeerSystems.create(name); // fails at once when the adapter is not built
            }
            HoldScenario h = hold(name);
            run.put("holdExitCode", h.call());
            run.set("hold", read(h.resultFile));
            run.put("holdFile", h.resultFile.getFileName().toString());
        } catch (Exception e) {
            System.out.printf("compare: skipping %s: %s%n", name, e.getMessage());
            return run.put("skipped", String.valueOf(e.getMessage()));
        }
        try {
            ChatScenario c = chat(name);
            run.put("chatExitCode", c.call());
            run.set("chat", read(c.resultFile));
            run.put("chatFile", c.resultFile.getFileName().toString());
        } catch (Exception e) {
            System.out.printf("compare: chat against %s failed: %s%n", name, e);
            run.put("chatError", e.toString());
        }
        return run;
    }

    private HoldScenario hold(String name) {
        HoldScenario h = new HoldScenario();
        h.common = common.forSystem(name);
        h.connections = connections;
        h.transport = transport;
        h.holdSeconds = holdSeconds;
        h.settleSeconds = settleSeconds;
        return h;
    }

    private ChatScenario chat(String name) {
        ChatScenario c = new ChatScenario();
        c.common = common.forSystem(name);
        c.conversations = conversations;
        c.transport = transport;
        c.agents = agents;
        c.rates = rates;
        c.stepSeconds = stepSeconds;
        c.warmupSeconds = warmupSeconds;
        c.p99LimitMs = p99LimitMs;
        c.drainSeconds = drainSeconds;
        c.keepStepping = true; // every system runs every rate, so that p99 can be set side by side at each
        return c;
    }

    private static JsonNode read(Path file) throws IOException {
        return Json.MAPPER.readTree(file.toFile());
    }
}
