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
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Timer deliveryLatency;
    private final Counter takeovers;
    private final Counter gapFills;
    private final Counter busHandlerErrors;
    private final Counter pubsubResubscribed;

    public ChatMetrics() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        deliveryLatency = Timer.builder("chat.delivery.latency")
                .description("time from a message's acceptance to its write to a receiving connection")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        takeovers = Counter.builder("chat.session.takeovers")
                .description("sessions taken over from another node (node death or a balancer without affinity)")
                .register(registry);
        gapFills = Counter.builder("chat.gap.fills").description("events recovered from the Redis log")
                .register(registry);
        pubsubResubscribed = Counter.builder("chat.pubsub.resubscribed")
                .description("node channel subscriptions re-established (connection cut or silent, failover)")
                .register(registry);
        busHandlerErrors = Counter.builder("chat.bus.handler.errors")
                .description("envelopes whose handler failed (logged; the sender's acknowledgement stands)")
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

    /**
     * One counter per name and tag value, created on first use and then looked up: these are counted on the
     * message path, where building and registering a meter id each time would cost more than the increment.
     */
    private Counter counter(String name, String tagKey, String tagValue) {
        return counters.computeIfAbsent(name + '|' + tagValue,
                k -> Counter.builder(name).tag(tagKey, tagValue).register(registry));
    }

    public void messageIn(String from) {
        counter("chat.messages.in", "from", from).increment();
    }

    public void messagesOut(String transport, int n) {
        counter("chat.messages.out", "transport", transport).increment(n);
    }

    public void delivered(long acceptedAtMillis) {
        long ms = System.currentTimeMillis() - acceptedAtMillis;
        if (acceptedAtMillis > 0 && ms >= 0) { // 0: a frame without a time (a gap) closed the batch
            deliveryLatency.record(ms, TimeUnit.MILLISECONDS);
        }
    }

    public void redisError(String component) {
        counter("chat.redis.errors", "component", component).increment();
    }

    /** A run of a periodic job that threw; the job keeps its schedule (see {@code GuardedJob}). */
    public void timerFailure(String timer) {
        counter("chat.timer.failures", "timer", timer).increment();
    }

    public void takeover() {
        takeovers.increment();
    }

    public void badInput(String code) {
        counter("chat.bad.input", "code", code).increment();
    }

    public void gapFill() {
        gapFills.increment();
    }

    /** A node channel subscription was re-established (cut or silent connection, cluster failover). */
    public void pubsubResubscribed() {
        pubsubResubscribed.increment();
    }

    /** A range older than the Redis log's start, filled from PostgreSQL for one connection. */
    public void historyFill(String component) {
        counter("chat.history.fills", "component", component).increment();
    }

    /** A range older than the Redis log's start that PostgreSQL could not give: a {@code gap} frame told the client. */
    public void historyGap(String component) {
        counter("chat.history.gaps", "component", component).increment();
    }

    public void busHandlerError() {
        busHandlerErrors.increment();
    }
}
