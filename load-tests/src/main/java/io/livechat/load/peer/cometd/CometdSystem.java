package io.livechat.load.peer.cometd;

import io.livechat.load.client.ClientGroup;
import io.livechat.load.client.HttpPool;
import io.livechat.load.client.Visitor;
import io.livechat.load.peer.PeerSystem;
import io.livechat.load.report.Ledger;
import io.livechat.load.target.GeneratorClassPath;
import io.livechat.load.target.ServerTarget;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CometD peer system: starts {@link CometdChatServer} as a child JVM from the jar (or classes folder) this
 * class was loaded from, and makes Bayeux visitors (WebSocket or long-polling) and agents (WebSocket) on the
 * generator's Netty clients. Loaded by name by the scenarios; one instance per run.
 */
public final class CometdSystem implements PeerSystem {

    /** Keep-alive HTTP lanes that long-polling visitors share for handshakes, subscribes and sends (as {@code --lanes}). */
    static final int LANES = 32;
    private static final int MAX_QUEUE_PER_LANE = 100_000;

    /** One pool of lanes per generator and server, shared by that server's long-polling visitors. */
    private record PoolKey(ClientGroup clients, String host, int port) {
    }

    private final Map<PoolKey, HttpPool> pools = new ConcurrentHashMap<>();

    /** For the scenarios, which load it reflectively. */
    public CometdSystem() {
    }

    @Override
    public String name() {
        return "cometd";
    }

    @Override
    public ServerTarget start(Path work, List<String> jvmOptions) throws Exception {
        Files.createDirectories(work);
        return new CometdProcess(classpath(), work, jvmOptions);
    }

    @Override
    public Visitor visitor(ClientGroup clients, ServerTarget target, String conversationId, boolean webSocket,
                           Ledger ledger) {
        BayeuxWire wire = webSocket
                ? new WebSocketWire(clients, target.host(), target.gatewayPort())
                : new LongPollWire(clients, target.host(), target.gatewayPort(), pool(clients, target));
        return new CometdVisitor(wire, clients.group(), conversationId, ledger);
    }

    @Override
    public PeerAgent agent(ClientGroup clients, ServerTarget target, String agentName, Ledger ledger) {
        return new CometdAgent(new WebSocketWire(clients, target.host(), target.serverPort()), clients.group(), ledger);
    }

    private HttpPool pool(ClientGroup clients, ServerTarget target) {
        return pools.computeIfAbsent(new PoolKey(clients, target.host(), target.gatewayPort()),
                k -> new HttpPool(k.clients(), k.host(), k.port(), LANES, MAX_QUEUE_PER_LANE));
    }

    /** The class path for the server's JVM: the shaded jar when it holds Jetty, else this JVM's class path. */
    static String classpath() {
        return GeneratorClassPath.containing(org.eclipse.jetty.server.Server.class);
    }
}
