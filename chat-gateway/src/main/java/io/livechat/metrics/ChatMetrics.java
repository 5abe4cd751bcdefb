package io.livechat.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process's meters (Micrometer, exposed in Prometheus format at {@code GET /metrics}); one instance per
 * process, shared by every role running in it, each meter tagged with the node it belongs to where it matters.
 */
public final class ChatMetrics {

    private final PrometheusMeterRegistry registry;
    private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final Timer deliveryLatency;

    public ChatMetrics() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        deliveryLatency = Timer.builder("chat.delivery.latency")
                .description("time from a message's acceptance to its write to a receiving connection")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    /** Live connections by tier (visitor, agent) and transport (websocket, longpoll). */
    public AtomicInteger connections(String tier, String transport) {
        return connections.computeIfAbsent(tier + "/" + transport, k -> {
            AtomicInteger n = new AtomicInteger();
            Gauge.builder("chat.connections", n, AtomicInteger::get).tag("tier", tier).tag("transport", transport)
                    .description("open connections").register(registry);
            return n;
        });
    }

    public void messageIn(String from) {
        Counter.builder("chat.messages.in").tag("from", from).register(registry).increment();
    }

    public void messagesOut(String transport, int n) {
        Counter.builder("chat.messages.out").tag("transport", transport).register(registry).increment(n);
    }

    public void delivered(long acceptedAtMillis) {
        long ms = System.currentTimeMillis() - acceptedAtMillis;
        if (ms >= 0) {
            deliveryLatency.record(ms, TimeUnit.MILLISECONDS);
        }
    }

    public void redisError(String component) {
        Counter.builder("chat.redis.errors").tag("component", component).register(registry).increment();
    }

    public void postgresError(String component) {
        Counter.builder("chat.postgres.errors").tag("component", component).register(registry).increment();
    }

    public void takeover() {
        Counter.builder("chat.session.takeovers")
                .description("sessions taken over from another node (node death or a balancer without affinity)")
                .register(registry).increment();
    }

    public void badInput(String code) {
        Counter.builder("chat.bad.input").tag("code", code).register(registry).increment();
    }

    public void gapFill() {
        Counter.builder("chat.gap.fills").description("events recovered from the Redis log")
                .register(registry).increment();
    }
}
