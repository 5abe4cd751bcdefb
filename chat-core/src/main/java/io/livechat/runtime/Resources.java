package io.livechat.runtime;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.livechat.metrics.ChatMetrics;
import io.livechat.routing.NodeBus;
import io.livechat.security.TokenService;
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
 * timer, the small executor for blocking work, metrics and tokens. Starts them, hands them out, closes them in
 * reverse order.
 */
public final class Resources implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Resources.class);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> serverChannel;
    private final RedisClient redisClient;
    private final StatefulRedisConnection<String, String> redis;
    private final List<StatefulRedisPubSubConnection<String, String>> pubSubs = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService blocking;
    private final ChatMetrics metrics;
    private final TokenService tokens;
    private final List<Runnable> onRedisBack = new CopyOnWriteArrayList<>();
    private final Map<String, NodeBus> nodeBuses = new ConcurrentHashMap<>();
    private volatile boolean redisHealthy = true;

    public Resources(String redisUrl, String secret, Duration tokenTtl, int ioThreads) {
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
        redisClient = RedisClient.create(RedisURI.create(redisUrl));
        redisClient.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // fail fast while Redis is down: callers answer 503 and clients retry with the same ids
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)))
                .build());
        redis = redisClient.connect();
        GuardedJob.every(scheduler, metrics, "redis-health", 1, TimeUnit.SECONDS, this::checkRedis);
        LOG.info("resources started: {} transport, redis {}", epoll ? "epoll" : "nio", redisUrl);
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

    private void checkRedis() {
        boolean ok;
        try {
            ok = "PONG".equals(redis.async().ping().get(1, TimeUnit.SECONDS));
        } catch (Exception e) {
            ok = false;
        }
        if (ok && !redisHealthy) {
            LOG.info("redis reachable again");
            onRedisBack.forEach(Runnable::run);
        } else if (!ok && redisHealthy) {
            LOG.warn("redis unreachable");
            metrics.redisError("health");
        }
        redisHealthy = ok;
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

    public RedisClient redisClient() {
        return redisClient;
    }

    public StatefulRedisConnection<String, String> redis() {
        return redis;
    }

    /** A new pub/sub connection, closed with the resources. */
    public StatefulRedisPubSubConnection<String, String> newPubSub() {
        StatefulRedisPubSubConnection<String, String> c = redisClient.connectPubSub();
        pubSubs.add(c);
        return c;
    }

    /** A node's bus on its own channel; nodes created from the same resources reach each other without Redis. */
    public NodeBus newNodeBus(String nodeId) {
        return new NodeBus(nodeId, newPubSub(), redis.async(), metrics, nodeBuses);
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
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

    /** Runs {@code r} on the timer thread each time Redis becomes reachable again. */
    public void onRedisBack(Runnable r) {
        onRedisBack.add(r);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        pubSubs.forEach(c -> quietly(c::close));
        quietly(redis::close);
        quietly(redisClient::shutdown);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        blocking.shutdownNow();
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.debug("while closing: {}", e.toString());
        }
    }
}
