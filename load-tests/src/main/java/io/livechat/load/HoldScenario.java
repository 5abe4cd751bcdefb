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

    @Option(names = "--generators", description = "generator processes that open the visitors, each at most 19,000 and on its "
            + "own source addresses; 1 = this process (default: ${DEFAULT-VALUE}). With --cross-node the visitors are "
            + "spread over the --gateways processes, and Hold measures those (summed)")
    int generators = 1;

    /** The JSON file the last run wrote (for tests). */
    Path resultFile;

    @Override
    public Integer call() throws Exception {
        if (generators < 1 || generators > 16) {
            throw new IllegalArgumentException("--generators must be 1..16");
        }
        if (connections < 1 || connections > 19_000 * generators) {
            throw new IllegalArgumentException("--connections must be 1.." + 19_000 * generators + ": at most 19,000 per "
                    + "generator process (20,000 open files per process); add --generators for more");
        }
        PeerSystem peer = common.peer();
        if (peer != null && generators > 1) {
            throw new IllegalArgumentException("--generators applies to livechat only");
        }
        try (CommonOptions.PeerWork work = common.peerWork(peer);
             ServerTarget target = common.startServer(peer, work);
             ClientGroup clients = new ClientGroup(common.threads, common.sourcesFor(connections))) {
            return run(target, clients, peer);
        }
    }

    private int run(ServerTarget target, ClientGroup clients, PeerSystem peer) throws Exception {
        List<Long> measured = target.gatewayPids();
        Openers openers = openers(target, clients, peer);
        Series rss = new Series("server RSS (MB)", "#1f77b4");
        Series open = new Series("connections opened (thousands)", "#d62728");
        long t0 = System.nanoTime();
        try {
            ObjectNode before = snapshot(target);
            openers.start();
            long deadline = System.nanoTime() + connectTimeoutSeconds * 1_000_000_000L;
            while (openers.opened() + openers.failed() < connections && !openers.stopped()
                    && System.nanoTime() < deadline) {
                sample(t0, measured, openers, rss, open);
                Thread.sleep(500); // the main thread paces sampling; the event loops do the work
            }
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            for (int i = 0; i < settleSeconds * 2; i++) {
                sample(t0, measured, openers, rss, open);
                Thread.sleep(500);
            }
            ObjectNode loaded = snapshot(target);
            double cpuStart = ProcStats.cpuSeconds(measured);
            long windowStart = System.nanoTime();
            for (int i = 0; i < holdSeconds; i++) {
                sample(t0, measured, openers, rss, open);
                Thread.sleep(1000);
            }
            double window = (System.nanoTime() - windowStart) / 1e9;
            double idleCpu = ProcStats.cpuSeconds(measured) - cpuStart;
            ObjectNode result = result(target, openers, before, loaded, connectSeconds, window, idleCpu);
            String svg = SvgChart.render("Hold: server RSS and connections over time", "seconds", "value", false,
                    List.of(rss, open));
            resultFile = ResultFiles.write(common.out, "hold", result, List.of(svg));
            print(result);
            return openers.failed() == 0 && openers.opened() == connections ? 0 : 1;
        } finally {
            openers.close();
        }
    }

    /**
     * Who opens the visitors: fleets in this process (one per gateway, visitors spread evenly), or
     * {@code --generators} child processes sharing them out.
     */
    private Openers openers(ServerTarget target, ClientGroup clients, PeerSystem peer) throws java.io.IOException {
        if (generators > 1) {
            int each = connections / generators + 1;
            return new Openers(List.of(), new ClientProcesses(generators, connections, target.host(),
                    target.gatewayPorts(), transport, common.sourcesFor(each), common.siteKey, concurrency));
        }
        List<VisitorFleet> fleets = new java.util.ArrayList<>();
        List<Integer> ports = peer != null ? List.of(target.gatewayPort()) : target.gatewayPorts();
        for (int g = 0; g < ports.size(); g++) {
            int size = connections / ports.size() + (g < connections % ports.size() ? 1 : 0);
            fleets.add(peer != null ? VisitorFleet.forPeer(peer, clients, target, size, new Ledger(1))
                    : new VisitorFleet(clients, new HttpPool(clients, target.host(), ports.get(g),
                            Math.max(1, common.lanes() / ports.size()), 100_000), common.siteKey, target.host(),
                            ports.get(g), size, new Ledger(1)));
        }
        return new Openers(fleets, null);
    }

    /** The visitors' openers, in this process or in child generator processes, counted together. */
    private final class Openers implements AutoCloseable {
        private final List<VisitorFleet> fleets;
        private final ClientProcesses children;

        Openers(List<VisitorFleet> fleets, ClientProcesses children) {
            this.fleets = fleets;
            this.children = children;
        }

        void start() {
            fleets.forEach(f -> f.open(transport, Math.max(1, concurrency / fleets.size())));
        }

        int opened() {
            return fleets.stream().mapToInt(f -> f.opened.get()).sum() + (children == null ? 0 : children.opened());
        }

        int failed() {
            return fleets.stream().mapToInt(f -> f.failed.get()).sum() + (children == null ? 0 : children.failed());
        }

        /** Whether every child process finished opening (or exited): nothing more will open. */
        boolean stopped() {
            return children != null && children.allReady();
        }

        String firstError() {
            return fleets.stream().map(VisitorFleet::firstError).filter(java.util.Objects::nonNull).findFirst()
                    .map(Throwable::toString).orElse(children == null ? null : children.firstError());
        }

        @Override
        public void close() {
            fleets.forEach(VisitorFleet::close);
            if (children != null) {
                children.close();
            }
        }
    }

    private static void sample(long t0, List<Long> pids, Openers openers, Series rss, Series open) {
        double t = (System.nanoTime() - t0) / 1e9;
        rss.add(t, ProcStats.rssBytes(pids) / 1e6);
        open.add(t, openers.opened() / 1000.0);
    }

    /** Memory and sockets after a full GC of the server; the heap only for ours (read from its {@code /metrics}). */
    private ObjectNode snapshot(ServerTarget target) throws InterruptedException {
        target.gc();
        Thread.sleep(500);
        List<Long> pids = target.gatewayPids();
        return Json.object().put("rssBytes", ProcStats.rssBytes(pids))
                .put("heapUsedBytes", common.isPeer() ? null : target.gatewayPorts().stream()
                        .mapToLong(port -> ProcStats.heapUsedBytes(target.host(), port)).sum())
                .put("tcpSocketMemBytes", ProcStats.tcpSocketBytes()).put("tcpInUse", ProcStats.tcpInUse())
                .put("openFiles", pids.stream().mapToLong(ProcStats::openFiles).sum());
    }

    private ObjectNode result(ServerTarget target, Openers openers, ObjectNode before, ObjectNode loaded,
                              double connectSeconds, double window, double idleCpu) {
        int n = Math.max(1, openers.opened());
        ObjectNode r = Json.object().put("scenario", "hold").put("system", common.system)
                .put("transport", transport.name().toLowerCase());
        r.putObject("server").put("pid", target.pid()).put("inProcess", target.inProcess())
                .put("topology", target.topology()).put("generatorProcesses", generators)
                .set("measuredPids", Json.MAPPER.valueToTree(target.gatewayPids()));
        boolean ours = !common.isPeer();
        r.putObject("connections").put("requested", connections).put("opened", openers.opened())
                .put("failed", openers.failed()).put("connectSeconds", round(connectSeconds))
                .put("serverWebsocket", ours ? gauge(target, "transport=\"websocket\"") : null)
                .put("serverLongpollHeld", ours ? gauge(target, "transport=\"longpoll\"") : null)
                .put("firstError", openers.firstError());
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

    /** A connection gauge summed over the gateways. */
    private static long gauge(ServerTarget target, String filter) {
        return target.gatewayPorts().stream()
                .mapToLong(port -> ProcStats.metric(target.host(), port, "chat_connections{", filter)).sum();
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
