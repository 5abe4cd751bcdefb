package io.livechat.server;

import io.livechat.config.ChatConfig;
import io.livechat.http.HttpListener;
import io.livechat.http.NodeState;
import io.livechat.http.OpsRoutes;
import io.livechat.http.WsTickets;
import io.livechat.http.StaticFiles;
import io.livechat.metrics.ChatMetrics;
import io.livechat.delivery.LogReader;
import io.livechat.routing.EventRouter;
import io.livechat.routing.NodeBus;
import io.livechat.routing.Envelope;
import io.livechat.server.recovery.ConversationRestorer;
import io.livechat.server.recovery.HistoryHandler;
import io.livechat.server.recovery.RestoreHandler;
import io.livechat.server.recovery.TranscriptHistory;
import io.livechat.node.ChatNode;
import io.livechat.runtime.Resources;
import io.livechat.server.api.AgentApi;
import io.livechat.server.api.DeskUpgrade;
import io.livechat.server.api.PrivacyApi;
import io.livechat.server.privacy.RetentionJob;
import io.livechat.server.privacy.VisitorErasure;
import io.livechat.server.privacy.VisitorExport;
import io.livechat.server.store.ErasureRepository;
import io.livechat.server.api.ServerHttpHandler;
import io.livechat.server.desk.AgentService;
import io.livechat.server.desk.ConversationInfo;
import io.livechat.server.desk.DeskHub;
import io.livechat.server.store.AgentRepository;
import io.livechat.server.store.Database;
import io.livechat.server.store.PasswordHasher;
import io.livechat.server.store.TranscriptRepository;
import io.livechat.server.store.TranscriptWriter;
import io.livechat.store.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One agent-server node: the agents' listener, desks and presence, the REST API, the transcript writer, the
 * retention purge and the publication of sites to the gateways, from start to stop.
 */
public final class ServerNode extends ChatNode {

    private static final Logger LOG = LoggerFactory.getLogger(ServerNode.class);
    /**
     * Restores from PostgreSQL running at once on this node (two JDBC calls each): after Redis lost its data, enough
     * to bring thousands of visitors back within seconds while leaving the JDBC queue to the desks' REST calls.
     */
    static final int MAX_RESTORES = 16;
    static final String DESK_CSP = "default-src 'self'; connect-src 'self' ws: wss:; style-src 'self'; "
            + "img-src 'self' data:; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final ChatConfig config;
    private final Database db;
    private NodeBus bus;
    private NodeBus restoreBus;
    private DeskHub hub;
    private TranscriptWriter writer;
    private RetentionJob retention;
    private boolean seedDemo;

    public ServerNode(ChatConfig config, Resources res, Database db, String nodeId) {
        super(res, nodeId, new NodeState(nodeId, Map.of("redis", res::redisHealthy, "postgres", db::isHealthy)));
        this.config = config;
        this.db = db;
    }

    /** Seeds the demo site and agent at start: only for the zero-setup {@code run} mode (and tests standing in). */
    public ServerNode seedingDemo(boolean on) {
        this.seedDemo = on;
        return this;
    }

    public ServerNode start() throws InterruptedException {
        ChatMetrics metrics = res.metrics();
        Stores store = res.stores(config);
        hub = new DeskHub(nodeId, store.presence(), store.conversations(), metrics);
        bus = res.newNodeBus(nodeId, store);
        hub.bind(bus);
        bus.start(hub);
        res.onRedisBack(hub::resyncAll);
        bus.onGap(hub::resyncAll);
        TranscriptRepository transcripts = new TranscriptRepository(db.dataSource());
        ConversationRestorer restorer = new ConversationRestorer(db, transcripts, store.conversations(),
                store.sessions(), store.presence(), config.historyCap());
        restorer.bind(bus);
        restoreBus = res.newNodeBus(Envelope.AGENT_TIER, store);
        TranscriptHistory history = new TranscriptHistory(db, transcripts);
        RestoreHandler restores = new RestoreHandler(restorer::restoreVisitor, bus::send, MAX_RESTORES,
                metrics.registry());
        HistoryHandler histories = new HistoryHandler(history, bus);
        restoreBus.start(e -> {
            restores.onEnvelope(e);
            histories.onEnvelope(e);
        });
        AgentService agents = new AgentService(store.conversations(), store.presence(),
                new EventRouter(bus, store.presence()), metrics, config.maxMessageChars(), restorer);
        ConversationInfo info = new ConversationInfo(store.conversations(), store.sessions());
        AgentApi api = new AgentApi(db, new AgentRepository(db.dataSource(), new PasswordHasher()),
                transcripts, res.tokens(), store.conversations(), store.presence(), info, res.hashing());
        ErasureRepository erasures = new ErasureRepository(db.dataSource());
        VisitorErasure erasure = new VisitorErasure(db, transcripts, erasures, store.conversations(), store.sessions(),
                store.presence(), bus::send);
        restorer.guardWith(erasure::undoIfErased);
        PrivacyApi privacy = new PrivacyApi(new VisitorExport(db, transcripts, store.conversations(),
                store.sessions()), erasure, config.adminToken());
        retention = new RetentionJob(db, erasures, erasure::clearRedis, config.retentionDays(), metrics.registry(),
                e -> metrics.timerFailure("retention"));
        ServerHttpHandler router = new ServerHttpHandler(api, privacy,
                new DeskUpgrade(config.maxBodyBytes(), hub, agents, info,
                        LogReader.withHistory(store.conversations()::range, history), metrics,
                        new WsTickets(store.tickets(), Duration.ofSeconds(config.wsTicketSeconds()))),
                new OpsRoutes(state, metrics, config.adminToken()),
                new StaticFiles(Map.of("Content-Security-Policy", DESK_CSP)), metrics)
                .withTools(DeskTools.routes(config, db, api, agents));
        writer = new TranscriptWriter(db.dataSource(), store.handoff(), nodeId, metrics.registry())
                .reseatWith(restorer::reseat).start();
        SitePublisher publisher = new SitePublisher(config, db, store.sites(), seedDemo);
        publisher.publish().join();
        // a restore means Redis lost its data: the sites are published again at once (at most every 10 s)
        AtomicLong lastRepublish = new AtomicLong();
        restorer.onRestored(() -> {
            long now = System.currentTimeMillis();
            long last = lastRepublish.get();
            if (now - last > 10_000 && lastRepublish.compareAndSet(last, now)) {
                publisher.publishQuietly();
            }
        });
        listener = HttpListener.bind(res, "desks", config.bind(), config.serverPort(), router, config);
        every("desk-leases", Math.max(1, config.registryTtlSeconds() / 3), hub::refreshLeases);
        every("site-publish", 60, publisher::publishQuietly);
        every("retention", config.retentionCheckSeconds(), retention::tick);
        LOG.info("agent server {} listening on {}", nodeId, listener.address());
        return this;
    }

    /** The retention purge, for tests that run it at once. */
    public RetentionJob retention() {
        return retention;
    }

    public TranscriptWriter writer() {
        return writer;
    }

    @Override
    public void close() {
        state.drain();
        stopTimers();
        if (listener != null) {
            listener.closeGracefully();
        }
        bus.close();
        restoreBus.close();
        writer.close();
        LOG.info("agent server {} stopped", nodeId);
    }

    @Override
    public void crash() {
        stopTimers();
        bus.close();
        if (restoreBus != null) {
            restoreBus.close();
        }
        if (listener != null) {
            listener.kill();
        }
        writer.close();
    }
}
