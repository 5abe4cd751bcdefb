package io.livechat.load.lb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.load.client.Agent;
import io.livechat.load.client.AgentDesk;
import io.livechat.load.client.ClientGroup;
import io.livechat.load.client.HttpPool;
import io.livechat.load.report.Ledger;
import io.livechat.load.report.MessageText;
import io.livechat.load.report.Percentiles;
import io.livechat.load.report.Series;
import io.livechat.load.target.AgentAccounts;
import io.livechat.load.target.ClusterServers;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One run of the scenario on the main thread: agents on the agent server, visitors through the balancer, a hello
 * each (assigns the conversations), then messages both ways at a fixed rate; at {@code killAfter} the gateway
 * holding the most visitors is killed with SIGKILL while the messages keep flowing; then it waits until every
 * message arrived and every visitor is back, and reads the servers' view before and after.
 */
final class LbRun {

    private final LbScenario o;
    private final ClusterServers cluster;
    private final Balancer balancer;
    private final ClientGroup clients;
    final Ledger ledger;
    final ResumeStats stats = new ResumeStats();
    final List<ResumingVisitor> visitors = new ArrayList<>();
    final Map<String, Agent> owners = new ConcurrentHashMap<>();
    final Histogram beforeKill = new Histogram(Ledger.MAX_MICROS, 3);
    final Histogram afterKill = new Histogram(Ledger.MAX_MICROS, 3);
    final Series[] timeline = {new Series("p50 ms", "#2ca02c"), new Series("p99 ms", "#d62728"),
        new Series("max ms", "#7f7f7f"), new Series("visitors up", "#1f77b4"), new Series("kill", "#000000")};
    ServerView.Snapshot atFirstConnect;
    ServerView.Snapshot afterWarmUp;
    ServerView.Snapshot justBeforeKill;
    ServerView.Snapshot atEnd;
    int killed = -1;
    long killNanos;
    long drainedAfterNanos;
    long sendStart;

    LbRun(LbScenario options, ClusterServers cluster, Balancer balancer, ClientGroup clients) {
        this.o = options;
        this.cluster = cluster;
        this.balancer = balancer;
        this.clients = clients;
        this.ledger = new Ledger(Math.toIntExact((long) options.rate * options.seconds));
    }

    /** Runs everything; the visitors and desks are closed at the end, whatever happens. */
    void run() throws Exception {
        List<AgentDesk> desks = new ArrayList<>();
        HttpPool agentApi = new HttpPool(clients, "127.0.0.1", cluster.serverPort(), 2, 100);
        HttpPool viaBalancer = new HttpPool(clients, "127.0.0.1", balancer.visitorPort(), 8, 10_000);
        try (ServerView view = new ServerView(cluster)) {
            for (AgentAccounts.Login login : AgentAccounts.ensure(cluster, o.agents)) {
                AgentDesk d = new AgentDesk(ledger, owners);
                desks.add(d);
                d.open(clients, agentApi, "127.0.0.1", cluster.serverPort(), login.email(), login.password())
                        .get(60, TimeUnit.SECONDS);
            }
            LbVisitors.open(clients, viaBalancer, o.siteKey, balancer.visitorPort(), o.conversations, o.transport,
                    ledger, stats, visitors);
            Map<String, String> sids = LbVisitors.sids(visitors);
            atFirstConnect = view.read(sids, List.of());
            warmUp();
            afterWarmUp = view.read(sids, List.of());
            send(view, sids);
            drain();
            atEnd = view.read(sids, List.of(killed));
        } finally {
            synchronized (visitors) {
                visitors.forEach(ResumingVisitor::close);
            }
            desks.forEach(AgentDesk::close);
        }
    }

    /** Each visitor says hello (unmeasured), which assigns its conversation; waits until the desks know them all. */
    private void warmUp() throws InterruptedException {
        AgentDesk.helloAndAwaitAssignment(visitors, owners);
    }

    /** Sends every measured message at the fixed rate from this thread; kills a gateway on the way. */
    private void send(ServerView view, Map<String, String> sids) throws InterruptedException {
        long count = (long) o.rate * o.seconds;
        double nanosPerMessage = 1e9 / o.rate;
        ledger.corrected().reset();
        long start = System.nanoTime();
        sendStart = start;
        long killAt = start + TimeUnit.MILLISECONDS.toNanos((long) (o.killAfterSeconds * 1000));
        long nextSample = start + 1_000_000_000L;
        for (long i = 0; i < count; i++) {
            long intended = start + (long) (i * nanosPerMessage);
            long now;
            while ((now = System.nanoTime()) < intended) {
                LockSupport.parkNanos(Math.min(intended - now, 200_000));
            }
            message(i, intended);
            if (killed < 0 && now >= killAt) {
                sample(start, now, beforeKill);
                justBeforeKill = view.read(sids, List.of());
                kill(start);
            }
            if (now >= nextSample) {
                sample(start, now, killed < 0 ? beforeKill : afterKill);
                nextSample += 1_000_000_000L;
            }
        }
        if (killed < 0) { // --kill-after-seconds beyond the run: no kill, the checks then cover pinning only
            justBeforeKill = view.read(sids, List.of());
        }
    }

    private void message(long i, long intended) {
        ResumingVisitor v = visitors.get((int) ((i / 2) % visitors.size()));
        String text = MessageText.of(i, intended, System.nanoTime());
        if (i % 2 == 0) {
            v.send("m" + i, text);
        } else {
            owners.get(v.conversationId()).reply(v.conversationId(), "m" + i, text);
        }
    }

    /** Kills the gateway the registry names for the most visitors (the first on a tie). */
    private void kill(long start) throws InterruptedException {
        Map<String, Integer> perNode = justBeforeKill.perNode();
        int victim = 0;
        for (int g = 1; g < cluster.gatewayPorts().size(); g++) {
            if (perNode.getOrDefault(cluster.gatewayNodeId(g), 0) > perNode.getOrDefault(cluster.gatewayNodeId(victim), 0)) {
                victim = g;
            }
        }
        killNanos = System.nanoTime();
        cluster.killGateway(victim);
        killed = victim;
        double x = (killNanos - start) / 1e9;
        timeline[4].add(x, 0);
        timeline[4].add(x, visitors.size());
        System.out.printf("killed %s (pid %d, %d of %d visitors) with SIGKILL at %.1f s%n",
                cluster.gatewayNodeId(victim), cluster.gatewayPid(victim), perNode.getOrDefault(
                        cluster.gatewayNodeId(victim), 0), visitors.size(), x);
    }

    /** Waits until every message and echo arrived, every visitor is up and every outbox empty (or the drain ends). */
    private void drain() throws InterruptedException {
        long count = (long) o.rate * o.seconds;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.drainSeconds);
        long lastSample = System.nanoTime();
        while (System.nanoTime() < deadline) {
            boolean done = ledger.missing(0, count) == 0 && ledger.echoes.sum() - ledger.echoDuplicates.sum() >= count
                    && visitors.stream().allMatch(v -> v.isUp() && v.unacked() == 0);
            if (done) {
                break;
            }
            Thread.sleep(50); // main thread
            if (System.nanoTime() - lastSample >= 1_000_000_000L) {
                lastSample = System.nanoTime();
                sample(sendStart, lastSample, killed < 0 ? beforeKill : afterKill);
            }
        }
        sample(sendStart, System.nanoTime(), killed < 0 ? beforeKill : afterKill);
        drainedAfterNanos = System.nanoTime();
    }

    /** Moves the recorder's interval into {@code phase} and adds one point per timeline series. */
    private void sample(long start, long now, Histogram phase) {
        Histogram h = ledger.corrected().getIntervalHistogram();
        phase.add(h);
        double x = (now - start) / 1e9;
        if (h.getTotalCount() > 0) {
            timeline[0].add(x, Percentiles.ms(h, 50));
            timeline[1].add(x, Percentiles.ms(h, 99));
            timeline[2].add(x, h.getMaxValue() / 1000.0);
        }
        timeline[3].add(x, visitors.stream().filter(ResumingVisitor::isUp).count());
    }

    ObjectNode report() {
        return LbReport.result(o, this, cluster, balancer);
    }
}
