package io.livechat.load.lb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.load.client.ClientGroup;
import io.livechat.load.report.ResultFiles;
import io.livechat.load.report.SvgChart;
import io.livechat.load.target.ClusterServers;
import io.livechat.load.target.ServerTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Behind a real load balancer: two gateway JVMs behind HAProxy or nginx (Debian's packages, configured from
 * {@code deploy/}), visitors only through the balancer, agents on the agent server; checks from the servers' view
 * that each visitor stays on one node, then kills the node holding the most visitors with SIGKILL while messages
 * flow both ways and checks that its visitors resume on the other node with every message delivered exactly once.
 */
@Command(name = "lb", mixinStandardHelpOptions = true,
        description = "Two gateways behind HAProxy or nginx: pinning, then SIGKILL one node mid-chat; nothing lost or doubled.")
public final class LbScenario implements Callable<Integer> {

    @Option(names = "--balancer", description = "haproxy or nginx (default: ${DEFAULT-VALUE})")
    BalancerKind balancer = BalancerKind.HAPROXY;

    @Option(names = "--conversations", description = "visitors, one conversation each (default: ${DEFAULT-VALUE})")
    int conversations = 200;

    @Option(names = "--transport", description = "visitors' transport: ws, poll or mixed (default: ${DEFAULT-VALUE})")
    LbVisitors.Mix transport = LbVisitors.Mix.MIXED;

    @Option(names = "--rate", description = "messages per second, both ways together (default: ${DEFAULT-VALUE})")
    int rate = 200;

    @Option(names = "--seconds", description = "seconds of messages (default: ${DEFAULT-VALUE})")
    int seconds = 20;

    @Option(names = "--kill-after-seconds", description = "when to SIGKILL the busier gateway, seconds into the messages (default: ${DEFAULT-VALUE})")
    double killAfterSeconds = 8;

    @Option(names = "--agents", description = "agent desks, on the agent server directly (default: ${DEFAULT-VALUE})")
    int agents = 2;

    @Option(names = "--drain-seconds", description = "seconds allowed after the last message for everything to arrive (default: ${DEFAULT-VALUE})")
    int drainSeconds = 30;

    @Option(names = "--server-jar", description = "the server's shaded jar (default: ${DEFAULT-VALUE})")
    Path serverJar = Path.of("chat-server/target/livechat.jar");

    @Option(names = "--server-jvm", description = "a JVM option for the server processes (repeatable)")
    List<String> serverJvm = new ArrayList<>();

    @Option(names = "--out", description = "results folder (default: ${DEFAULT-VALUE})")
    Path out = Path.of("load-tests/results");

    @Option(names = "--threads", description = "generator event-loop threads (default: ${DEFAULT-VALUE})")
    int threads = 2;

    @Option(names = "--site-key", description = "the site visitors open sessions for (default: ${DEFAULT-VALUE})")
    String siteKey = "demo";

    /** The JSON result of the last run (tests read it). */
    Path resultFile;

    @Override
    public Integer call() throws Exception {
        if (conversations < 2 || conversations > 5000 || agents < 1 || agents > 20 || rate < 1 || rate > 5000
                || seconds < 1 || seconds > 600 || (long) rate * seconds > 1_000_000 || killAfterSeconds < 0) {
            throw new IllegalArgumentException("bounded runs only: 2..5000 conversations, 1..20 agents, "
                    + "1..5000 msg/s, 1..600 s, at most 1M messages, a kill time >= 0");
        }
        if (!balancer.installed()) {
            System.err.println(balancer.binary() + " is not installed: apt-get install -y " + balancer.label());
            return 2;
        }
        try (ClusterServers cluster = new ClusterServers(jar(), serverJvm, 2);
             Balancer lb = new Balancer(balancer, new BalancerConfig.Ports(ServerTarget.freePort(),
                     ServerTarget.freePort(), cluster.gatewayPorts().get(0), cluster.gatewayPorts().get(1),
                     cluster.serverPort()));
             ClientGroup clients = new ClientGroup(threads, 1)) {
            LbRun run = new LbRun(this, cluster, lb, clients);
            run.run();
            ObjectNode result = run.report();
            result.put("balancerLogTail", lb.log(20));
            resultFile = ResultFiles.write(out, "lb", result, List.of(
                    SvgChart.render("Latency per 1 s interval (from intended send time); the kill at the black line",
                            "seconds", "ms", true, List.of(run.timeline[0], run.timeline[1], run.timeline[2])),
                    SvgChart.render("Visitors connected (up) per second; the kill at the black line", "seconds",
                            "visitors", false, List.of(run.timeline[3], run.timeline[4]))));
            LbReport.print(result, resultFile);
            return result.get("passed").asBoolean() ? 0 : 1;
        }
    }

    /** The jar path falls back to {@code ../chat-server} from inside load-tests (the tests' working folder). */
    private Path jar() {
        if (!Files.exists(serverJar) && !serverJar.isAbsolute() && Files.exists(Path.of("..").resolve(serverJar))) {
            return Path.of("..").resolve(serverJar);
        }
        return serverJar;
    }
}
