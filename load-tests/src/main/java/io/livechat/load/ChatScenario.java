package io.livechat.load;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.load.client.Agent;
import io.livechat.load.client.AgentDesk;
import io.livechat.load.client.ClientGroup;
import io.livechat.load.client.HttpPool;
import io.livechat.load.client.Visitor;
import io.livechat.load.client.WsVisitor;
import io.livechat.load.peer.PeerSystem;
import io.livechat.load.report.Ledger;
import io.livechat.load.report.ResultFiles;
import io.livechat.load.report.Series;
import io.livechat.load.report.SvgChart;
import io.livechat.load.target.AgentAccounts;
import io.livechat.load.target.RedisPubSubProbe;
import io.livechat.load.target.ServerTarget;
import io.livechat.protocol.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Chat: visitors and agents exchange messages at a fixed total rate, stepped up until p99 passes the limit; reports
 * the highest rate held, latency per step and the server's CPU seconds per 1,000 deliveries.
 */
@Command(name = "chat", mixinStandardHelpOptions = true, description = "Conversations at stepped fixed rates: latency, rate held, server CPU.")
public final class ChatScenario implements java.util.concurrent.Callable<Integer> {

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--conversations", description = "visitors, one conversation each (default: ${DEFAULT-VALUE})")
    int conversations = 1000;

    @Option(names = "--transport", description = "visitors' transport: ws, poll or mixed (default: ${DEFAULT-VALUE})")
    VisitorFleet.Mix transport = VisitorFleet.Mix.MIXED;

    @Option(names = "--agents", description = "agent desks; conversations are spread over them (default: ${DEFAULT-VALUE})")
    int agents = 4;

    @Option(names = "--rates", split = ",", description = "total messages per second, one step each (default: ${DEFAULT-VALUE})")
    List<Integer> rates = List.of(1000, 2000, 5000, 10000, 20000);

    @Option(names = "--step-seconds", description = "seconds each step sends for (default: ${DEFAULT-VALUE})")
    int stepSeconds = 10;

    @Option(names = "--p99-limit-ms", description = "stop stepping once p99 passes this (default: ${DEFAULT-VALUE})")
    double p99LimitMs = 50;

    @Option(names = "--drain-seconds", description = "seconds allowed after a step for the last messages (default: ${DEFAULT-VALUE})")
    double drainSeconds = 5;

    @Option(names = "--warmup-seconds", description = "unmeasured seconds at the first rate before the steps, for the JIT (default: ${DEFAULT-VALUE})")
    int warmupSeconds = 10;

    @Option(names = "--slow-fraction", description = "share of the visitors (WebSocket ones) that stop reading after the warm-up: "
            + "slow consumers (default: ${DEFAULT-VALUE})")
    double slowFraction;

    @Option(names = "--slow-padding", description = "characters of padding on replies to slow consumers, so their buffers fill "
            + "(default: ${DEFAULT-VALUE})")
    int slowPadding = 2000;

    @Option(names = "--slow-rcvbuf", description = "slow consumers' socket receive buffer, set before connecting, bytes (default: ${DEFAULT-VALUE})")
    int slowReceiveBuffer = 4096;

    @Option(names = "--keep-stepping", description = "run every rate even after a step was not held (the highest rate held "
            + "is still the last one before the first step that was not); compare does, for p99 at every rate")
    boolean keepStepping;

    Path resultFile;
    ObjectNode redisHop;

    @Override
    public Integer call() throws Exception {
        long capacity = (long) rates.get(0) * warmupSeconds;
        for (int r : rates) {
            capacity += (long) r * stepSeconds;
        }
        if (capacity > 50_000_000 || conversations < 1 || conversations > 19_000 || agents < 1 || agents > 50) {
            throw new IllegalArgumentException("bounded runs only: at most 50M messages, 1..19000 conversations, 1..50 agents");
        }
        if (slowFraction < 0 || slowFraction > 0.5 || slowPadding < 0 || slowPadding > 3500) {
            throw new IllegalArgumentException("--slow-fraction must be 0..0.5 and --slow-padding 0..3500");
        }
        PeerSystem peer = common.peer();
        if (peer != null && slowFraction > 0) {
            throw new IllegalArgumentException("--slow-fraction is for livechat only, not --system " + common.system);
        }
        try (CommonOptions.PeerWork work = common.peerWork(peer);
             ServerTarget target = common.startServer(peer, work);
             ClientGroup clients = new ClientGroup(common.threads, common.sourcesFor(conversations))) {
            Ledger ledger = new Ledger((int) capacity);
            return peer == null ? run(target, clients, ledger) : runPeer(target, clients, ledger, peer);
        }
    }

    /**
     * A peer system: {@code --agents} agent clients, the visitors (conversation {@code c<i>}), and conversation i
     * assigned to agent {@code i % agents} by joining its room (the peers have no assignment of their own; no hello
     * is needed); then the same steps as ours.
     */
    private int runPeer(ServerTarget target, ClientGroup clients, Ledger ledger, PeerSystem peer) throws Exception {
        List<PeerSystem.PeerAgent> peerAgents = new ArrayList<>();
        VisitorFleet fleet = VisitorFleet.forPeer(peer, clients, target, conversations, ledger);
        try {
            for (int a = 0; a < agents; a++) {
                PeerSystem.PeerAgent agent = peer.agent(clients, target, "agent-" + a, ledger);
                peerAgents.add(agent);
                agent.open().get(60, TimeUnit.SECONDS);
            }
            fleet.open(transport, 200).get(120, TimeUnit.SECONDS);
            if (fleet.failed.get() > 0) {
                throw new IllegalStateException(fleet.failed.get() + " visitors failed to open", fleet.firstError());
            }
            Map<String, Agent> owners = new ConcurrentHashMap<>();
            List<CompletableFuture<Void>> joins = new ArrayList<>();
            List<Visitor> visitors = new ArrayList<>();
            for (int i = 0; i < conversations; i++) {
                PeerSystem.PeerAgent agent = peerAgents.get(i % agents);
                String id = VisitorFleet.conversationOf(i);
                joins.add(agent.join(id).thenRun(() -> owners.put(id, agent)));
                visitors.add(fleet.get(i));
            }
            CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            return steps(target, ledger, new ChatTraffic(visitors, owners, ledger, ChatTraffic.Slow.NONE));
        } finally {
            fleet.close();
            peerAgents.forEach(Agent::close);
        }
    }

    private int run(ServerTarget target, ClientGroup clients, Ledger ledger) throws Exception {
        HttpPool agentPool = new HttpPool(clients, target.host(), target.serverPort(), 2, 100);
        Map<String, Agent> owners = new ConcurrentHashMap<>();
        List<AgentDesk> desks = new ArrayList<>();
        List<VisitorFleet> fleets = new ArrayList<>();
        List<Integer> ports = target.gatewayPorts();
        try {
            for (AgentAccounts.Login login : AgentAccounts.ensure(target, agents)) {
                AgentDesk d = new AgentDesk(ledger, owners);
                desks.add(d);
                d.open(clients, agentPool, target.host(), target.serverPort(), login.email(), login.password())
                        .get(60, TimeUnit.SECONDS);
            }
            for (int g = 0; g < ports.size(); g++) {
                // visitors spread evenly: gateway g gets conversations g, g+n, g+2n, ...
                int size = conversations / ports.size() + (g < conversations % ports.size() ? 1 : 0);
                HttpPool pool = new HttpPool(clients, target.host(), ports.get(g),
                        Math.max(1, common.lanes() / ports.size()), 100_000);
                VisitorFleet fleet = new VisitorFleet(clients, pool, common.siteKey, target.host(), ports.get(g),
                        size, ledger).slowCandidates(slowShareOfWs(), slowReceiveBuffer);
                fleets.add(fleet);
                fleet.open(transport, 200).get(120, TimeUnit.SECONDS);
                if (fleet.failed.get() > 0) {
                    throw new IllegalStateException(fleet.failed.get() + " visitors failed to open", fleet.firstError());
                }
            }
            // one Redis pub/sub hop measured on its own, idle: the floor under every message's latency (each
            // crosses one node channel, gateway to agent server or back, in both topologies)
            redisHop = RedisPubSubProbe.measure(target.redisUrl(), 2000, 1000);
            System.out.println("Redis pub/sub hop alone (idle, 1,000/s): " + redisHop);
            List<Visitor> visitors = warmUp(fleets, owners);
            ChatTraffic.Slow slow = slowDown(visitors);
            return steps(target, ledger, new ChatTraffic(visitors, owners, ledger, slow));
        } finally {
            fleets.forEach(VisitorFleet::close);
            desks.forEach(AgentDesk::close);
        }
    }

    /** The share of the WebSocket visitors that must stop reading for {@code --slow-fraction} of all visitors. */
    private double slowShareOfWs() {
        double wsShare = switch (transport) {
            case WS -> 1.0;
            case MIXED -> 0.5;
            case POLL -> 0.0;
        };
        return wsShare == 0 ? 0 : Math.min(1.0, slowFraction / wsShare);
    }

    /** The slow candidates (opened with a small receive buffer) stop reading: {@code --slow-fraction} of all. */
    private ChatTraffic.Slow slowDown(List<Visitor> visitors) {
        Set<Visitor> slow = new HashSet<>();
        for (Visitor v : visitors) {
            if (v instanceof WsVisitor ws && ws.isSlowCandidate()) {
                ws.stopReading();
                slow.add(v);
            }
        }
        if (slow.isEmpty()) {
            return ChatTraffic.Slow.NONE;
        }
        System.out.printf("%d of %d visitors (WebSocket, receive buffer %,d B) stopped reading: slow consumers%n",
                slow.size(), visitors.size(), slowReceiveBuffer);
        return new ChatTraffic.Slow(Set.copyOf(slow), slowPadding);
    }

    /** Each visitor says hello (unmeasured), which assigns its conversation; waits until every desk knows its own. */
    private List<Visitor> warmUp(List<VisitorFleet> fleets, Map<String, Agent> owners)
            throws InterruptedException {
        List<Visitor> visitors = new ArrayList<>();
        for (int i = 0; i < conversations; i++) {
            // interleaved, so that consecutive conversations (and messages) alternate between gateways
            Visitor v = fleets.get(i % fleets.size()).get(i / fleets.size());
            visitors.add(v);
        }
        AgentDesk.helloAndAwaitAssignment(visitors, owners);
        return visitors;
    }

    private int steps(ServerTarget target, Ledger ledger, ChatTraffic traffic) throws Exception {
        Series[] timeline = {new Series("p50 ms", "#2ca02c"), new Series("p99 ms", "#d62728"),
            new Series("max ms", "#7f7f7f"), new Series("deliveries/s", "#1f77b4"),
            new Series("server RSS MB", "#9467bd")};
        ArrayNode steps = Json.MAPPER.createArrayNode();
        long t0 = System.nanoTime();
        long first = (long) rates.get(0) * warmupSeconds;
        if (warmupSeconds > 0) {
            Series[] ignored = {new Series("", ""), new Series("", ""), new Series("", ""), new Series("", "")};
            ObjectNode w = new ChatStep(ledger, traffic, target, !common.isPeer())
                    .run(rates.get(0), warmupSeconds, 0, drainSeconds, t0, ignored);
            System.out.printf("warm-up at %,d msg/s for %d s: p99 %.2f ms (not counted)%n", rates.get(0),
                    warmupSeconds, w.get("latency").get("p99Ms").asDouble());
        }
        long measuredFrom = first;
        t0 = System.nanoTime();
        int held = 0;
        boolean failed = false;
        for (int rate : rates) {
            ObjectNode step = new ChatStep(ledger, traffic, target, !common.isPeer())
                    .run(rate, stepSeconds, first, drainSeconds, t0, timeline);
            first += (long) rate * stepSeconds;
            boolean ok = step.get("missing").asLong() == 0 && step.get("duplicates").asLong() == 0
                    && step.get("latency").get("p99Ms").asDouble() <= p99LimitMs;
            step.put("held", ok);
            steps.add(step);
            ChatReport.printStep(step);
            ChatReport.printRedisCommands(step);
            if (!ok) {
                failed = true;
                if (!keepStepping) {
                    break;
                }
            } else if (!failed) {
                held = rate;
            }
        }
        ObjectNode result = ChatReport.result(this, target, ledger, steps, held, measuredFrom, first);
        List<String> charts = List.of(
                SvgChart.render("Chat: latency per 1 s interval (from intended send time)", "seconds", "ms", true,
                        List.of(timeline[0], timeline[1], timeline[2])),
                SvgChart.render("Chat: deliveries per second (both parties)", "seconds", "deliveries/s", false,
                        List.of(timeline[3])),
                SvgChart.render("Chat: server resident memory (all server processes)", "seconds", "MB", false,
                        List.of(timeline[4])));
        resultFile = ResultFiles.write(common.out, "chat", result, charts);
        ChatReport.printSummary(result, resultFile);
        ObjectNode totals = (ObjectNode) result.get("totals");
        return totals.get("missing").asLong() == 0 && totals.get("duplicates").asLong() == 0 ? 0 : 1;
    }
}
