package io.livechat.load.target;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.livechat.load.report.Ledger;
import io.livechat.load.report.Percentiles;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures one Redis pub/sub hop on its own (PUBLISH on one connection to the message on a subscribed one, both in
 * this process, Lettuce as in the server): the share of a message's latency that the node channel itself costs.
 */
public final class RedisPubSubProbe {

    private static final String CHANNEL = "livechat-load-probe";

    private RedisPubSubProbe() {
    }

    /** Publishes {@code count} timestamps at {@code rate} per second; returns the hop's latency percentiles. */
    public static ObjectNode measure(String redisUrl, int count, int rate) throws InterruptedException {
        Histogram h = new ConcurrentHistogram(Ledger.MAX_MICROS, 3);
        CountDownLatch received = new CountDownLatch(count);
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
             StatefulRedisConnection<String, String> pub = client.connect()) {
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    // a Lettuce I/O thread: record and return
                    h.recordValue(Math.max(0, Math.min(Ledger.MAX_MICROS,
                            (System.nanoTime() - Long.parseLong(message)) / 1000)));
                    received.countDown();
                }
            });
            sub.sync().subscribe(CHANNEL);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long intended = start + (long) (i * (1e9 / rate));
                long now;
                while ((now = System.nanoTime()) < intended) {
                    LockSupport.parkNanos(Math.min(intended - now, 200_000));
                }
                pub.async().publish(CHANNEL, Long.toString(System.nanoTime()));
            }
            received.await(10, TimeUnit.SECONDS);
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
        return Percentiles.json(h).put("published", count).put("received", count - received.getCount())
                .put("rate", rate);
    }
}
