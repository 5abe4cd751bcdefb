package io.livechat.gateway;

import io.livechat.config.ChatConfig;
import io.livechat.http.HttpListener;
import io.livechat.http.NodeState;
import io.livechat.http.OpsRoutes;
import io.livechat.http.StaticFiles;
import io.livechat.metrics.ChatMetrics;
import io.livechat.routing.EventRouter;
import io.livechat.routing.NodeBus;
import io.livechat.routing.Envelope;
import io.livechat.routing.HistoryRequests;
import io.livechat.routing.RestoreRequests;
import java.util.concurrent.CompletableFuture;
import io.netty.util.concurrent.EventExecutor;
import io.livechat.node.ChatNode;
import io.livechat.runtime.Resources;
import io.livechat.session.SessionManager;
import io.livechat.store.Stores;
import io.livechat.transport.LongPollTransport;
import io.livechat.visitor.OriginPolicy;
import io.livechat.visitor.VisitorService;
import io.livechat.transport.VisitorHttpHandler;
import io.livechat.transport.WebSocketUpgrade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One visitor gateway node: its listener, sessions, node channel and registry leases, from start to stop. */
public final class GatewayNode extends ChatNode {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayNode.class);

    /** How long a gateway waits for the agent tier: to restore a conversation, or for a range from PostgreSQL. */
    static final long RESTORE_WAIT_MILLIS = 5000;

    private final ChatConfig config;
    private SessionManager sessions;
    private NodeBus bus;

    public GatewayNode(ChatConfig config, Resources res, String nodeId) {
        super(res, nodeId, new NodeState(nodeId, Map.of("redis", res::redisHealthy)));
        this.config = config;
    }

    public GatewayNode start() throws InterruptedException {
        ChatMetrics metrics = res.metrics();
        Stores store = res.stores(config);
        sessions = new SessionManager(nodeId, store.sessions(), store.conversations(), store.registry(), metrics,
                config.sessionBuffer(), Math.max(2 * config.longPollHoldMs(), 60_000));
        bus = res.newNodeBus(nodeId, store);
        sessions.bind(bus);
        sessions.readHistoryWith(new HistoryRequests(bus, RESTORE_WAIT_MILLIS));
        RestoreRequests restores = new RestoreRequests(bus, RESTORE_WAIT_MILLIS);
        sessions.restoreWith(new SessionManager.RestoreAnswers() {
            @Override
            public CompletableFuture<Boolean> restore(String sid, String siteKey, EventExecutor loop) {
                return restores.restore(sid, siteKey, loop);
            }

            @Override
            public void answered(Envelope e) {
                restores.answered(e);
            }
        });
        bus.start(sessions);
        // "self" in a site's origins is this gateway's own origin, on the port it is bound to
        VisitorService visitors = new VisitorService(config, store, sessions, new EventRouter(bus, store.presence()),
                res.tokens(), state, metrics, new OriginPolicy(store.sites(), this::port));
        VisitorHttpHandler router = new VisitorHttpHandler(visitors,
                new LongPollTransport(config.longPollHoldMs(), metrics),
                new WebSocketUpgrade(visitors, config.maxBodyBytes(), new io.livechat.http.WsTickets(store.tickets(),
                        java.time.Duration.ofSeconds(config.wsTicketSeconds()))),
                new OpsRoutes(state, metrics, config.adminToken()), new StaticFiles(Map.of()));
        listener = HttpListener.bind(res, "visitors", config.bind(), config.gatewayPort(), router,
                config);
        every("visitor-leases", Math.max(1, config.registryTtlSeconds() / 3), sessions::refreshLeases);
        res.onRedisBack(sessions::resyncAll);
        bus.onGap(sessions::resyncAll);
        LOG.info("gateway {} listening on {}", nodeId, listener.address());
        return this;
    }

    public SessionManager sessions() {
        return sessions;
    }

    /** Graceful stop: drain, release leases, tell WebSocket clients to reconnect elsewhere, close. */
    @Override
    public void close() {
        state.drain();
        stopTimers();
        try {
            sessions.releaseAll().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("could not release every session lease: {}", e.toString());
        }
        if (listener != null) {
            listener.closeGracefully();
        }
        bus.close();
        LOG.info("gateway {} stopped", nodeId);
    }

    @Override
    public void crash() {
        stopTimers();
        bus.close();
        if (listener != null) {
            listener.kill();
        }
        LOG.info("gateway {} crashed on purpose", nodeId);
    }
}
