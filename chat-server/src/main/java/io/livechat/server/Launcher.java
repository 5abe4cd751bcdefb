package io.livechat.server;

import io.livechat.config.ChatConfig;
import io.livechat.gateway.GatewayNode;
import io.livechat.runtime.Resources;
import io.livechat.server.infra.EmbeddedRedis;
import io.livechat.server.infra.Secrets;
import io.livechat.server.store.Database;
import io.livechat.server.store.DatabaseConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Starts the roles a command asks for, with their infrastructure, and stops them in reverse order. The
 * all-in-one mode starts an embedded Redis and PostgreSQL when no URL is configured.
 */
public final class Launcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private GatewayNode gateway;
    private ServerNode server;

    private Launcher() {
    }

    /** Everything in one process: the zero-setup default. */
    public static Launcher allInOne(ChatConfig config) throws Exception {
        Launcher l = new Launcher();
        try {
            String redisUrl = config.redisUrl();
            if (redisUrl.isEmpty() && config.redisCluster().isEmpty()) {
                EmbeddedRedis redis = EmbeddedRedis.start(config.embeddedRedisPort(),
                        config.dataDir().resolve("redis"));
                l.started.push(redis);
                redisUrl = redis.url();
            }
            Database db = database(config, true);
            l.started.push(db);
            Resources res = resources(config, redisUrl);
            l.started.push(res);
            String base = config.nodeId(host());
            l.gateway = new GatewayNode(config, res, base + "-gw").start();
            l.started.push(l.gateway);
            // only this zero-setup mode seeds the demo site and agent; a real deployment creates its own
            l.server = new ServerNode(config, res, db, base + "-srv").seedingDemo(config.demoSeed()).start();
            l.started.push(l.server);
            l.banner(config);
            return l;
        } catch (Exception | Error e) {
            l.close();
            throw e;
        }
    }

    /** The visitor gateway role alone; a blank Redis URL means the local all-in-one's embedded Redis. */
    public static Launcher gateway(ChatConfig config) throws Exception {
        Launcher l = new Launcher();
        try {
            Resources res = resources(config, redisUrlOrLocal(config));
            l.started.push(res);
            l.gateway = new GatewayNode(config, res, config.nodeId("gw-" + host() + "-" + config.gatewayPort()))
                    .start();
            l.started.push(l.gateway);
            System.out.printf("livechat gateway %s on http://%s:%d%n", l.gateway.nodeId(), config.bind(),
                    l.gateway.port());
            return l;
        } catch (Exception | Error e) {
            l.close();
            throw e;
        }
    }

    /** The agent-server role alone; blank URLs mean the local all-in-one's embedded Redis and PostgreSQL. */
    public static Launcher server(ChatConfig config) throws Exception {
        Launcher l = new Launcher();
        try {
            Database db = database(config, false);
            l.started.push(db);
            Resources res = resources(config, redisUrlOrLocal(config));
            l.started.push(res);
            l.server = new ServerNode(config, res, db, config.nodeId("srv-" + host() + "-" + config.serverPort()))
                    .start();
            l.started.push(l.server);
            System.out.printf("livechat agent server %s on http://%s:%d%n", l.server.nodeId(), config.bind(),
                    l.server.port());
            return l;
        } catch (Exception | Error e) {
            l.close();
            throw e;
        }
    }

    /** PostgreSQL as configured; with a blank URL, embedded (when allowed) or the local embedded one's port. */
    static Database database(ChatConfig config, boolean mayEmbed) {
        String url = config.postgresUrl();
        if (url.isEmpty() && !mayEmbed) {
            url = "jdbc:postgresql://127.0.0.1:" + config.embeddedPostgresPort() + "/postgres";
        }
        return new Database(new DatabaseConfig(url, config.postgresUser(), config.postgresPassword(),
                config.dataDir(), config.embeddedPostgresPort(), config.dbPoolSize())).start();
    }

    private static Resources resources(ChatConfig config, String redisUrl) {
        return new Resources(redisUrl, config.redisCluster(), Secrets.resolve(config),
                Duration.ofDays(config.sessionTtlDays()), config.ioThreads());
    }

    private static String redisUrlOrLocal(ChatConfig config) {
        return config.redisUrl().isEmpty() ? "redis://127.0.0.1:" + config.embeddedRedisPort() : config.redisUrl();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "local";
        }
    }

    private void banner(ChatConfig config) {
        String host = config.bind().equals("0.0.0.0") ? "127.0.0.1" : config.bind();
        String msg = String.format("%n  livechat is running%n"
                        + "  demo page (visitor):  http://%s:%d/%n"
                        + "  agent desk:           http://%s:%d/desk/   (log in as %s / %s)%n"
                        + "  data folder:          %s%n",
                host, gateway.port(), host, server.port(), SitePublisher.DEMO_EMAIL,
                config.demoSeed() ? SitePublisher.DEMO_PASSWORD : "(demo seeding off)",
                config.dataDir().toAbsolutePath());
        System.out.println(msg);
        LOG.info("started: gateway {} and agent server {}", gateway.nodeId(), server.nodeId());
    }

    public GatewayNode gatewayNode() {
        return gateway;
    }

    public ServerNode serverNode() {
        return server;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
    }
}
