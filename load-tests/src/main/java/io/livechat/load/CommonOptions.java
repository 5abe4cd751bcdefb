package io.livechat.load;

import io.livechat.load.peer.PeerSystem;
import io.livechat.load.peer.PeerSystems;
import io.livechat.load.target.ClusterServers;
import io.livechat.load.target.InProcessServer;
import io.livechat.load.target.ServerTarget;
import io.livechat.load.target.SubprocessServer;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Options every scenario takes: which server to start and how, where results go, the generator's resources. */
public final class CommonOptions {

    @Option(names = "--system", description = "the chat server under test: livechat (ours), or a peer fixture driven through "
            + "protocol adapters: socketio (Node.js Socket.IO 4.8) or cometd (default: ${DEFAULT-VALUE})")
    String system = "livechat";

    @Option(names = "--server-jar", description = "the server's shaded jar (default: ${DEFAULT-VALUE})")
    Path serverJar = Path.of("chat-server/target/livechat.jar");

    @Option(names = "--server-jvm", description = "a JVM option for the server process, e.g. --server-jvm=-Xmx1g (repeatable)")
    List<String> serverJvm = new ArrayList<>();

    @Option(names = "--in-process", description = "run the server inside the generator's JVM (CPU and memory then include the generator)")
    boolean inProcess;

    @Option(names = "--cross-node", description = "the roles as separate processes: --gateways gateway JVMs and one agent-server JVM, "
            + "with Redis and PostgreSQL started by the generator (default: one all-in-one process)")
    boolean crossNode;

    @Option(names = "--gateways", description = "gateway processes with --cross-node (default: ${DEFAULT-VALUE})")
    int gateways = 2;

    @Option(names = "--out", description = "results folder (default: ${DEFAULT-VALUE})")
    Path out = Path.of("load-tests/results");

    @Option(names = "--threads", description = "generator event-loop threads (default: ${DEFAULT-VALUE})")
    int threads = 2;

    @Option(names = "--sources", description = "client source addresses 127.0.0.1..N; 0 = one per 20,000 connections")
    int sources;

    @Option(names = "--lanes", description = "keep-alive HTTP connections for sessions and long-poll sends (default: ${DEFAULT-VALUE})")
    int lanes = 32;

    @Option(names = "--site-key", description = "the site visitors open sessions for (default: ${DEFAULT-VALUE})")
    String siteKey = "demo";

    /** These options with {@code --system} set to {@code name} (for compare, which runs each system in turn). */
    CommonOptions forSystem(String name) {
        CommonOptions c = new CommonOptions();
        c.system = name;
        c.serverJar = serverJar;
        c.serverJvm = new ArrayList<>(serverJvm);
        c.inProcess = inProcess;
        c.crossNode = crossNode;
        c.gateways = gateways;
        c.out = out;
        c.threads = threads;
        c.sources = sources;
        c.lanes = lanes;
        c.siteKey = siteKey;
        return c;
    }

    /** Whether {@code --system} names a peer system rather than ours. */
    boolean isPeer() {
        return !"livechat".equals(system);
    }

    /**
     * The peer system {@code --system} names, after refusing the options that only make sense for ours; null
     * for ours.
     */
    PeerSystem peer() {
        if (!PeerSystems.NAMES.contains(system)) {
            throw new IllegalArgumentException("--system must be one of " + PeerSystems.NAMES + ", got " + system);
        }
        if (!isPeer()) {
            return null;
        }
        if (inProcess || crossNode) {
            throw new IllegalArgumentException("--in-process and --cross-node are for livechat only, not --system " + system);
        }
        return PeerSystems.create(system);
    }

    /** A peer's work folder (its logs, npm's output), deleted on close; holds nothing for ours. */
    record PeerWork(Path dir) implements AutoCloseable {
        @Override
        public void close() {
            if (dir != null) {
                SubprocessServer.deleteQuietly(dir);
            }
        }
    }

    /** A fresh work folder for {@code peer}; an empty one for ours. */
    PeerWork peerWork(PeerSystem peer) throws java.io.IOException {
        return new PeerWork(peer == null ? null : Files.createTempDirectory("livechat-peer-" + peer.name()));
    }

    /** Starts the server under test: {@code peer} in its work folder, or ours as configured. */
    ServerTarget startServer(PeerSystem peer, PeerWork work) throws Exception {
        return peer == null ? startServer() : peer.start(work.dir(), serverJvm);
    }

    /** Starts the server as configured; the jar path falls back to {@code ../chat-server} from inside load-tests. */
    ServerTarget startServer() throws Exception {
        if (inProcess && crossNode) {
            throw new IllegalArgumentException("--in-process and --cross-node exclude each other");
        }
        if (inProcess) {
            return new InProcessServer();
        }
        Path jar = serverJar;
        if (!Files.exists(jar) && !jar.isAbsolute() && Files.exists(Path.of("..").resolve(jar))) {
            jar = Path.of("..").resolve(jar);
        }
        return crossNode ? new ClusterServers(jar, serverJvm, gateways) : new SubprocessServer(jar, serverJvm);
    }

    int sourcesFor(int connections) {
        return sources > 0 ? sources : Math.max(1, (connections + 19_999) / 20_000);
    }

    int lanes() {
        return lanes;
    }
}
