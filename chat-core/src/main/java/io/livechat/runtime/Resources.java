package io.livechat.runtime;

import io.livechat.config.ChatConfig;
import io.livechat.metrics.ChatMetrics;
import io.livechat.routing.NodeBus;
import io.livechat.security.TokenService;
import io.livechat.store.Stores;
import io.livechat.store.redis.RedisBackend;
import io.livechat.store.redis.RedisStores;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;

/**
 * The one owner of a process's shared resources: Netty event loops, the Lettuce client and its connections, the
 * timer, the small executor for blocking work, the password-hashing executor, metrics and tokens. Starts them,
 * hands them out, closes them in reverse order.
 */
public final class Resources implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Resources.class);
    /** A PING unanswered this long marks Redis unhealthy (Lettuce's own command timeout is longer). */
    private static final long PING_TIMEOUT_MS = 1000;
    /** Password checks waiting for a hashing thread before more are refused ({@code 503 busy}). */
    public static final int HASHING_QUEUE = 32;
    /** Hashing threads: half the cores (at least one), so that a burst of logins leaves the rest for the loops. */
    public static final int HASHING_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> serverChannel;
    private final RedisBackend redis;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService blocking;
    private final ExecutorService hashing;
    private final ChatMetrics metrics;
    private final TokenService tokens;
    private final List<Runnable> onRedisBack = new CopyOnWriteArrayList<>();
    private final Map<String, NodeBus> nodeBuses = new ConcurrentHashMap<>();
    private volatile boolean redisHealthy = true;
    /** The last health PING and the verdict on it; only the timer thread reads or replaces them. */
    private CompletableFuture<String> pingCommand = CompletableFuture.completedFuture("PONG");
    private CompletableFuture<String> pingVerdict = pingCommand;

    public Resources(String redisUrl, String secret, Duration tokenTtl, int ioThreads) {
        this(redisUrl, "", secret, tokenTtl, ioThreads);
    }

    /** @param redisCluster seed nodes of a Redis Cluster (comma-separated URIs); empty: one Redis at redisUrl */
    public Resources(String redisUrl, String redisCluster, String secret, Duration tokenTtl, int ioThreads) {
        metrics = new ChatMetrics();
        tokens = new TokenService(secret, tokenTtl, java.time.Clock.systemUTC());
        boolean epoll = Epoll.isAvailable();
        var factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("chat-accept"), factory);
        workers = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("chat-io"), factory);
        serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        scheduler = Executors.newSingleThreadScheduledExecutor(plainThreads("chat-timer"));
        blocking = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
                plainThreads("chat-blocking"), new ThreadPoolExecutor.AbortPolicy());
        hashing = new ThreadPoolExecutor(HASHING_THREADS, HASHING_THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(HASHING_QUEUE), plainThreads("chat-hashing"),
                new ThreadPoolExecutor.AbortPolicy());
        redis = RedisBackend.connect(redisUrl, redisCluster);
        GuardedJob.every(scheduler, metrics, "redis-health", 1, TimeUnit.SECONDS, this::checkRedis);
        LOG.info("resources started: {} transport, redis {}", epoll ? "epoll" : "nio",
                redisCluster.isBlank() ? redisUrl : "cluster " + redisCluster);
    }

    /**
     * Plain JDK threads for pools that may block: Netty's thread factory would make them look like event loops
     * to tools that police blocking calls.
     */
    private static ThreadFactory plainThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Sends one PING without waiting for it: the answer, or its absence after {@link #PING_TIMEOUT_MS}, is judged
     * on the timer thread by {@link #redisAnswered}. While the previous PING is still pending in Lettuce
     * (unanswered and not yet past Lettuce's own command timeout) no new one is sent: at most one is in flight, and
     * the verdict on it was already given by our shorter timeout.
     */
    private void checkRedis() {
        if (!pingCommand.isDone() || !pingVerdict.isDone()) {
            return;
        }
        CompletableFuture<String> ping;
        try {
            ping = redis.async().ping().toCompletableFuture();
        } catch (RuntimeException e) {
            ping = CompletableFuture.failedFuture(e);
        }
        pingCommand = ping;
        // A copy, so that our shorter timeout leaves Lettuce's command alone. The verdict is handed to the timer
        // because Lettuce completes the command on its event loop, where no work may run; once the resources are
        // closed the hand-off is refused, and whenComplete swallows that.
        pingVerdict = ping.copy().orTimeout(PING_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .whenComplete((pong, error) -> scheduler.execute(() -> redisAnswered("PONG".equals(pong))));
    }

    /** On the timer thread: records the health and, when Redis is back, runs the recovery callbacks first. */
    private void redisAnswered(boolean ok) {
        if (ok && !redisHealthy) {
            LOG.info("redis reachable again");
            onRedisBack.forEach(Resources::runRecovery);
        } else if (!ok && redisHealthy) {
            LOG.warn("redis unreachable");
            metrics.redisError("health");
        }
        redisHealthy = ok;
    }

    /** One failing recovery callback must not keep the others from running. */
    private static void runRecovery(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("a callback for redis being back failed", e);
        }
    }

    public EventLoopGroup boss() {
        return boss;
    }

    public EventLoopGroup workers() {
        return workers;
    }

    public Class<? extends ServerChannel> serverChannel() {
        return serverChannel;
    }

    /** The store ports on this process's Redis, with the node's settings (one set per node). */
    public Stores stores(ChatConfig config) {
        return RedisStores.create(redis, config, metrics);
    }

    /**
     * A node's bus on its own channel, its subscription checked every second (a silent one is replaced); nodes
     * created from the same resources reach each other without Redis.
     */
    public NodeBus newNodeBus(String nodeId, Stores stores) {
        NodeBus bus = new NodeBus(nodeId, stores.channels().get(), metrics, nodeBuses);
        bus.onGap(metrics::pubsubResubscribed);
        bus.checkedBy(GuardedJob.every(scheduler, metrics, "pubsub-health", 1, TimeUnit.SECONDS, bus::checkAlive));
        return bus;
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * For password hashing (PBKDF2, deliberately slow) only, apart from the JDBC executor every REST call needs;
     * bounded ({@link #HASHING_THREADS}, {@link #HASHING_QUEUE}), rejects when full.
     */
    public ExecutorService hashing() {
        return hashing;
    }

    /** For small blocking jobs (reading a file); bounded, rejects when full. */
    public ExecutorService blocking() {
        return blocking;
    }

    public ChatMetrics metrics() {
        return metrics;
    }

    public TokenService tokens() {
        return tokens;
    }

    public boolean redisHealthy() {
        return redisHealthy;
    }

    /**
     * Runs {@code r} each time Redis becomes reachable again, on the timer thread ({@code chat-timer-1}), never on
     * a Lettuce thread; it may block briefly, as it holds up the other timer jobs meanwhile.
     */
    public void onRedisBack(Runnable r) {
        onRedisBack.add(r);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        quietly(redis::close);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        blocking.shutdownNow();
        hashing.shutdownNow();
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.debug("while closing: {}", e.toString());
        }
    }
}
