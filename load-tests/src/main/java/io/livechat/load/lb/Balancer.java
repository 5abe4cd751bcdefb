package io.livechat.load.lb;

import io.livechat.load.target.ChildProcess;
import io.livechat.load.target.SubprocessServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * HAProxy or nginx as a child process in a temporary folder, listening on free loopback ports, with the
 * configuration {@link BalancerConfig} renders from {@code deploy/}; stopped (and its folder deleted) on close.
 */
public final class Balancer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Balancer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final BalancerKind kind;
    private final BalancerConfig.Ports ports;
    private final Path dir;
    private final Process process;

    /** Renders the configuration, checks it with the balancer's own syntax check, starts it, waits until it routes. */
    public Balancer(BalancerKind kind, BalancerConfig.Ports ports) throws IOException, InterruptedException {
        if (!kind.installed()) {
            throw new IOException(kind.binary() + " is not installed (Debian: apt-get install -y " + kind.label() + ")");
        }
        this.kind = kind;
        this.ports = ports;
        dir = Files.createTempDirectory("livechat-" + kind.label());
        Path cfg = dir.resolve(kind == BalancerKind.HAPROXY ? "haproxy.cfg" : "nginx.conf");
        Files.writeString(cfg, BalancerConfig.render(kind, BalancerConfig.deployText(kind), ports, dir),
                StandardCharsets.UTF_8);
        Path log = dir.resolve(kind.label() + ".log");
        try {
            process = new ProcessBuilder(command(cfg)).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            SubprocessServer.deleteQuietly(dir);
            throw e;
        }
        LOG.info("{} pid {} starting: visitors on :{}, agents on :{}, config {}", kind.label(), process.pid(),
                ports.visitorFront(), ports.agentFront(), cfg);
        try {
            awaitRouting(log);
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private List<String> command(Path cfg) {
        if (kind == BalancerKind.HAPROXY) {
            return List.of(kind.binary().toString(), "-f", cfg.toString(), "-db"); // -db: foreground, no daemon
        }
        return List.of(kind.binary().toString(), "-p", dir + "/", "-c", cfg.toString(), "-e",
                dir.resolve("error.log").toString(), "-g", "daemon off; pid " + dir.resolve("nginx.pid") + ";");
    }

    /** Waits until both frontends answer the upstreams' {@code /readyz} with 200. */
    private void awaitRouting(Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (int port : new int[] {ports.visitorFront(), ports.agentFront()}) {
            ChildProcess.awaitReady(process, START_TIMEOUT, kind.label(), log, () -> ChildProcess.readyz(http, port));
        }
    }

    public BalancerKind kind() {
        return kind;
    }

    public int visitorPort() {
        return ports.visitorFront();
    }

    public int agentPort() {
        return ports.agentFront();
    }

    public long pid() {
        return process.pid();
    }

    /** The last {@code maxLines} lines of the balancer's own output (warnings, servers marked down), for the report. */
    public String log(int maxLines) {
        try {
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(dir.resolve(kind.label() + ".log")));
            Path errors = dir.resolve("error.log");
            if (Files.exists(errors)) {
                lines.addAll(Files.readAllLines(errors));
            }
            return String.join("\n", lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the balancer (SIGTERM, then SIGKILL) and its workers, and deletes its folder. */
    @Override
    public void close() {
        ChildProcess.stop(process, 10);
        SubprocessServer.deleteQuietly(dir);
    }
}
