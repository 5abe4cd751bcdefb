package io.livechat.load.peer.cometd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Bayeux client session, written by hand: {@code /meta/handshake}, then the {@code /meta/connect} loop (the
 * next connect leaves only when the previous one was answered, so exactly one is outstanding; the server's
 * {@code advice} decides when and whether: {@code retry} after {@code interval}, {@code handshake} again, or
 * {@code none}), subscriptions (renewed after a new handshake), publishes, and {@code /meta/disconnect} on close.
 *
 * <p>Replies and events arrive on the wire's event loops (several for long-polling), so the state here is volatile
 * or concurrent; nothing blocks.
 */
final class BayeuxSession {

    /** What the session's owner hears; called on an event loop, must not block. */
    interface Listener {
        /** A message event on a channel the session subscribed to. */
        void onEvent(String channel, JsonNode data);

        /** The server's reply to one of this session's publishes. */
        void onPublishReply(boolean successful);
    }

    private static final Logger LOG = LoggerFactory.getLogger(BayeuxSession.class);
    private static final long RETRY_MILLIS = 1000;

    private final BayeuxWire wire;
    private final EventLoopGroup timer;
    private final Listener listener;
    private final AtomicLong ids = new AtomicLong();
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private final Map<String, CompletableFuture<Void>> pendingSubscribes = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> handshaken = new CompletableFuture<>();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private volatile String clientId;
    private volatile boolean running;
    private volatile boolean firstConnect;
    private volatile String reconnect = "retry";
    private volatile long interval;

    BayeuxSession(BayeuxWire wire, EventLoopGroup timer, Listener listener) {
        this.wire = wire;
        this.timer = timer;
        this.listener = listener;
    }

    /** Opens the wire and handshakes; completes once the server accepted the session and answered its first connect. */
    CompletableFuture<Void> open() {
        running = true;
        wire.open(this).whenComplete((ok, error) -> {
            if (error == null) {
                handshake();
            } else {
                fail(error);
            }
        });
        return handshaken.thenCombine(connected, (a, b) -> null);
    }

    /** Subscribes to {@code channel}; completes once the server confirmed it. Call after {@link #open} completed. */
    CompletableFuture<Void> subscribe(String channel) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        subscriptions.add(channel);
        String id = nextId();
        pendingSubscribes.put(id, done);
        wire.send(Bayeux.subscribe(id, clientId, channel), false, () -> {
            pendingSubscribes.remove(id);
            done.completeExceptionally(new IOException("subscribe to " + channel + " not delivered"));
        });
        return done;
    }

    /** Publishes {@code dataJson} on {@code channel}; its reply goes to the listener, a failed delivery to {@code onFailure}. */
    void publish(String channel, String dataJson, Runnable onFailure) {
        wire.send(Bayeux.publish(nextId(), clientId, channel, dataJson), false, onFailure);
    }

    /** Says {@code /meta/disconnect} and closes the wire once it is answered (or after a second). */
    void close() {
        running = false;
        String id = clientId;
        if (id != null) {
            wire.send(Bayeux.disconnect(nextId(), id), false, wire::close);
            try {
                timer.schedule(wire::close, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) { // the event loops are shutting down already
                wire.close();
            }
        } else {
            wire.close();
        }
    }

    /** A frame or response body from the server: a batch of replies and events. Called by the wire. */
    void receive(String body) {
        JsonNode batch;
        try {
            batch = Bayeux.parse(body);
        } catch (JsonProcessingException e) {
            LOG.warn("not JSON from the CometD server: {}", body.length() > 200 ? body.substring(0, 200) : body);
            return;
        }
        for (JsonNode m : batch) {
            String channel = m.path("channel").asText();
            switch (channel) {
                case Bayeux.HANDSHAKE -> onHandshake(m);
                case Bayeux.CONNECT -> onConnect(m);
                case Bayeux.SUBSCRIBE -> onSubscribe(m);
                case Bayeux.DISCONNECT -> wire.close();
                default -> {
                    if (m.has("data")) {
                        listener.onEvent(channel, m.get("data"));
                    } else if (m.has("successful")) {
                        listener.onPublishReply(m.get("successful").asBoolean());
                    }
                }
            }
        }
    }

    /** The wire is gone (the WebSocket closed): no more connects. Called by the wire. */
    void closed() {
        if (running) {
            running = false;
            fail(new IOException("connection to the CometD server closed"));
        }
    }

    private void handshake() {
        wire.send(Bayeux.handshake(nextId(), wire.connectionType()), false,
                () -> retryOrFail(this::handshake, new IOException("handshake not delivered")));
    }

    private void onHandshake(JsonNode m) {
        if (!m.path("successful").asBoolean()) {
            retryOrFail(this::handshake, new IOException("handshake refused: " + m));
            return;
        }
        clientId = m.path("clientId").asText();
        firstConnect = true;
        connect();
        for (String channel : subscriptions) { // after a new handshake: the server forgot them with the old session
            wire.send(Bayeux.subscribe(nextId(), clientId, channel), false, () -> { });
        }
        handshaken.complete(null);
    }

    private void connect() {
        if (!running) {
            return;
        }
        boolean first = firstConnect;
        firstConnect = false;
        wire.send(Bayeux.connect(nextId(), clientId, wire.connectionType(), first), true,
                () -> retryOrFail(this::connect, new IOException("connect not delivered")));
    }

    private void onConnect(JsonNode m) {
        JsonNode advice = m.path("advice");
        reconnect = advice.path("reconnect").asText(reconnect);
        interval = advice.path("interval").asLong(interval);
        boolean successful = m.path("successful").asBoolean();
        if (successful) {
            connected.complete(null);
        }
        if (!running) {
            return;
        }
        if ("none".equals(reconnect)) {
            running = false;
            LOG.warn("CometD server said reconnect none to {}", clientId);
        } else if ("handshake".equals(reconnect)) {
            reconnect = "retry";
            later(this::handshake, interval);
        } else {
            later(this::connect, successful ? interval : Math.max(interval, RETRY_MILLIS)); // back off after a failure
        }
    }

    private void onSubscribe(JsonNode m) {
        CompletableFuture<Void> done = pendingSubscribes.remove(m.path("id").asText());
        if (done == null) {
            return;
        }
        if (m.path("successful").asBoolean()) {
            done.complete(null);
        } else {
            done.completeExceptionally(new IOException("subscribe refused: " + m));
        }
    }

    /** Before the session is up, a failure fails {@link #open}; afterwards the step is retried while running. */
    private void retryOrFail(Runnable step, Throwable error) {
        if (!handshaken.isDone() || !connected.isDone()) {
            fail(error);
        } else if (running) {
            later(step, RETRY_MILLIS);
        }
    }

    private void fail(Throwable error) {
        handshaken.completeExceptionally(error);
        connected.completeExceptionally(error);
    }

    private void later(Runnable step, long millis) {
        if (millis <= 0) {
            step.run();
        } else {
            timer.schedule(step, millis, TimeUnit.MILLISECONDS);
        }
    }

    private String nextId() {
        return Long.toString(ids.incrementAndGet());
    }
}
