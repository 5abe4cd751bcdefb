package io.livechat.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.load.client.ClientGroup;
import io.livechat.load.client.HttpPool;
import io.livechat.load.peer.PeerSystem;
import io.livechat.load.report.Ledger;
import io.livechat.load.report.ResultFiles;
import io.livechat.load.report.Series;
import io.livechat.load.report.SvgChart;
import io.livechat.load.target.ProcStats;
import io.livechat.load.target.ServerTarget;
import io.livechat.protocol.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Hold: opens N idle visitor connections and reports what they cost the server: RSS and heap growth per
 * connection, the kernel's TCP socket memory, and the server's idle CPU over a window.
 */
@Command(name = "hold", mixinStandardHelpOptions = true, description = "N idle visitor connections: memory and idle CPU per connection.")
public final class HoldScenario implements Callable<Integer> {

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--connections", description = "idle visitors to open (default: ${DEFAULT-VALUE})")
    int connections = 1000;

    @Option(names = "--transport", description = "ws, poll or mixed (default: ${DEFAULT-VALUE})")
    VisitorFleet.Mix transport = VisitorFleet.Mix.MIXED;

    @Option(names = "--hold", description = "idle window measured for CPU, seconds (default: ${DEFAULT-VALUE})")
    int holdSeconds = 30;

    @Option(names = "--settle", description = "seconds to wait after connecting before measuring (default: ${DEFAULT-VALUE})")
    int settleSeconds = 3;

    @Option(names = "--connect-concurrency", description = "visitors opening at once (default: ${DEFAULT-VALUE})")
    int concurrency = 200;

    @Option(names = "--connect-timeout", description = "seconds allowed for opening every visitor (default: ${DEFAULT-VALUE})")
    int connectTimeoutSeconds = 120;

    /** The JSON file the last run wrote (for tests). */
    Path resultFile;

    @Override
    public Integer call() throws Exception {
        if (connections < 1 || connections > 19_000) {
            throw new IllegalArgumentException("--connections must be 1..19000 for one generator process "
                    + "(20,000 open files per process); run several generators for more");
        }
        PeerSystem peer = common.peer();
        try (CommonOptions.PeerWork work = common.peerWork(peer);
             ServerTarget target = common.startServer(peer, work);
             ClientGroup clients = new ClientGroup(common.threads, common.sourcesFor(connections))) {
            return run(target, clients, peer);
        }
    }

    private int run(ServerTarget target, ClientGroup clients, PeerSystem peer) throws Exception {
        long pid = target.pid();
        VisitorFleet fleet = peer != null ? VisitorFleet.forPeer(peer, clients, target, connections, new Ledger(1))
                : new VisitorFleet(clients, new HttpPool(clients, target.host(), target.gatewayPort(), common.lanes(),
                        100_000), common.siteKey, target.host(), target.gatewayPort(), connections, new Ledger(1));
        Series rss = new Series("server RSS (MB)", "#1f77b4");
        Series open = new Series("connections opened (thousands)", "#d62728");
        long t0 = System.nanoTime();
        try {
            ObjectNode before = snapshot(target);
            fleet.open(transport, concurrency);
            long deadline = System.nanoTime() + connectTimeoutSeconds * 1_000_000_000L;
            while (fleet.opened.get() + fleet.failed.get() < connections && System.nanoTime() < deadline) {
                sample(t0, pid, fleet, rss, open);
                Thread.sleep(500); // the main thread paces sampling; the event loops do the work
            }
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            for (int i = 0; i < settleSeconds * 2; i++) {
                sample(t0, pid, fleet, rss, open);
                Thread.sleep(500);
            }
            ObjectNode loaded = snapshot(target);
            double cpuStart = ProcStats.cpuSeconds(pid);
            long windowStart = System.nanoTime();
            for (int i = 0; i < holdSeconds; i++) {
                sample(t0, pid, fleet, rss, open);
                Thread.sleep(1000);
            }
            double window = (System.nanoTime() - windowStart) / 1e9;
            double idleCpu = ProcStats.cpuSeconds(pid) - cpuStart;
            ObjectNode result = result(target, fleet, before, loaded, connectSeconds, window, idleCpu);
            String svg = SvgChart.render("Hold: server RSS and connections over time", "seconds", "value", false,
                    List.of(rss, open));
            resultFile = ResultFiles.write(common.out, "hold", result, List.of(svg));
            print(result);
            return fleet.failed.get() == 0 ? 0 : 1;
        } finally {
            fleet.close();
        }
    }

    private static void sample(long t0, long pid, VisitorFleet fleet, Series rss, Series open) {
        double t = (System.nanoTime() - t0) / 1e9;
        rss.add(t, ProcStats.rssBytes(pid) / 1e6);
        open.add(t, fleet.opened.get() / 1000.0);
    }

    /** Memory and sockets after a full GC of the server; the heap only for ours (read from its {@code /metrics}). */
    private ObjectNode snapshot(ServerTarget target) throws InterruptedException {
        target.gc();
        Thread.sleep(500);
        long pid = target.pid();
        return Json.object().put("rssBytes", ProcStats.rssBytes(pid))
                .put("heapUsedBytes", common.isPeer() ? null : ProcStats.heapUsedBytes(target.host(), target.gatewayPort()))
                .put("tcpSocketMemBytes", ProcStats.tcpSocketBytes()).put("tcpInUse", ProcStats.tcpInUse())
                .put("openFiles", ProcStats.openFiles(pid));
    }

    private ObjectNode result(ServerTarget target, VisitorFleet fleet, ObjectNode before, ObjectNode loaded,
                              double connectSeconds, double window, double idleCpu) {
        int n = Math.max(1, fleet.opened.get());
        ObjectNode r = Json.object().put("scenario", "hold").put("system", common.system)
                .put("transport", transport.name().toLowerCase());
        r.putObject("server").put("pid", target.pid()).put("inProcess", target.inProcess());
        boolean ours = !common.isPeer();
        r.putObject("connections").put("requested", connections).put("opened", fleet.opened.get())
                .put("failed", fleet.failed.get()).put("connectSeconds", round(connectSeconds))
                .put("serverWebsocket", ours ? ProcStats.metric(target.host(), target.gatewayPort(),
                        "chat_connections{", "transport=\"websocket\"") : null)
                .put("serverLongpollHeld", ours ? ProcStats.metric(target.host(), target.gatewayPort(),
                        "chat_connections{", "transport=\"longpoll\"") : null)
                .put("firstError", fleet.firstError() == null ? null : fleet.firstError().toString());
        r.set("before", before);
        r.set("loaded", loaded);
        r.putObject("perConnection")
                .put("rssBytes", delta(loaded, before, "rssBytes") / n)
                .put("heapBytes", ours ? delta(loaded, before, "heapUsedBytes") / n : null)
                .put("kernelTcpMemBytesBothEnds", delta(loaded, before, "tcpSocketMemBytes") / n);
        double pct = idleCpu / window * 100;
        r.putObject("idleCpu").put("windowSeconds", round(window)).put("cpuSeconds", round(idleCpu))
                .put("percentOfOneCore", round(pct)).put("percentOfOneCorePer10k", round(pct * 10_000.0 / n));
        return r;
    }

    /** A reading, or "n/a" where the system has none (a peer's heap and connection gauges). */
    private static String orNa(com.fasterxml.jackson.databind.JsonNode v) {
        return v == null || v.isNull() ? "n/a" : String.format("%,d", v.asLong());
    }

    private static long delta(ObjectNode a, ObjectNode b, String key) {
        return a.path(key).asLong() - b.path(key).asLong();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private void print(ObjectNode r) {
        ObjectNode c = (ObjectNode) r.get("connections");
        ObjectNode p = (ObjectNode) r.get("perConnection");
        ObjectNode cpu = (ObjectNode) r.get("idleCpu");
        System.out.printf("%nHold (%s, %s): %d of %d connections open (%d failed) in %.1f s; server sees %s ws, %s polls held%n",
                common.system, transport.name().toLowerCase(), c.get("opened").asInt(), connections,
                c.get("failed").asInt(), c.get("connectSeconds").asDouble(), orNa(c.get("serverWebsocket")),
                orNa(c.get("serverLongpollHeld")));
        System.out.printf("  per connection: RSS %,d B, heap %s B, kernel TCP memory %,d B (both ends)%n",
                p.get("rssBytes").asLong(), orNa(p.get("heapBytes")), p.get("kernelTcpMemBytesBothEnds").asLong());
        System.out.printf("  idle CPU: %.3f s over %.0f s = %.2f %% of a core (%.3f %% per 10,000 connections)%n",
                cpu.get("cpuSeconds").asDouble(), cpu.get("windowSeconds").asDouble(),
                cpu.get("percentOfOneCore").asDouble(), cpu.get("percentOfOneCorePer10k").asDouble());
        System.out.println("  results: " + resultFile);
    }
}
