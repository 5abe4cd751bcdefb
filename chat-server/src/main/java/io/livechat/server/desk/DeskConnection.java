package io.livechat.server.desk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.delivery.LogReader;
import io.livechat.delivery.OnLoop;
import io.livechat.websocket.JsonFrameHandler;
import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.Frames;
import io.livechat.store.Epoch;
import io.livechat.protocol.Json;
import io.netty.channel.ChannelHandlerContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One agent's desk WebSocket: every conversation assigned to the agent, each delivered exactly once and in order
 * from the cursor the desk gave in its {@code hello} (gaps are read from the Redis log), plus replies and typing.
 *
 * <p>Delivery state ({@link DeskFeeds}) lives on the channel's event loop; {@link #deliver} and
 * {@link #assigned}, called on Lettuce threads, hand themselves over to it.
 */
public final class DeskConnection extends JsonFrameHandler {

    /**
     * Test hook, set only by tests (package-private): what the hello does with its member read before going on.
     * Tests hold it there to widen the window in which a conversation can be assigned during the hello.
     */
    static volatile Function<List<String>, CompletableFuture<List<String>>> afterHelloMemberRead =
            CompletableFuture::completedFuture;

    /** The most conversations of a hello's cursors that are looked up beyond the agent's list. */
    private static final int MAX_RESUMED = 200;

    private final String agentId;
    private final String agentName;
    private final DeskHub hub;
    private final AgentService agents;
    private final ConversationInfo info;
    private final LogReader log;
    private final AtomicInteger open;
    private DeskFeeds feeds;
    private CompletableFuture<Void> registered;

    public DeskConnection(String agentId, String agentName, DeskHub hub, AgentService agents, ConversationInfo info,
                          LogReader log, ChatMetrics metrics) {
        super(metrics);
        this.agentId = agentId;
        this.agentName = agentName;
        this.hub = hub;
        this.agents = agents;
        this.info = info;
        this.log = log;
        this.open = metrics.connections("agent", "websocket");
    }

    public String agentId() {
        return agentId;
    }

    @Override
    protected String who() {
        return "agent " + agentId;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext c) {
        super.handlerAdded(c);
        feeds = new DeskFeeds(c, log, info::describe, metrics);
        open.incrementAndGet();
        // from here on, every event for the agent reaches this desk and is kept until the hello has listed
        registered = hub.register(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        open.decrementAndGet();
        hub.unregister(this);
        c.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext c) {
        feeds.writable();
        super.channelWritabilityChanged(c);
    }

    @Override
    protected void onFrame(String type, ObjectNode f, String clientMsgId) {
        switch (type) {
            case "hello" -> hello(f.path("cursors"), f.path("epochs"));
            case "send" -> send(Json.text(f, "conversationId", null), clientMsgId, Json.text(f, "text", null));
            case "typing" -> refuseOnError(agents.typing(agentId, Json.text(f, "conversationId", null),
                    Json.bool(f, "typing")));
            case "receipt" -> refuseOnError(agents.receipt(agentId, Json.text(f, "conversationId", null),
                    Json.text(f, "state"), f.path("seq").asLong(-1)));
            case "close" -> agents.close(agentId, agentName, Json.text(f, "conversationId", null))
                    .whenComplete((ack, error) -> {
                        if (error != null) {
                            refuse(ChatException.from(error), null);
                        } else {
                            reply(ack);
                        }
                    });
            case "status" -> hub.setStatus(agentId, Json.text(f, "status"));
            case "claim" -> {
                String conv = Json.text(f, "conversationId");
                hub.claim(agentId, conv).whenComplete((got, error) -> {
                    if (error != null) {
                        refuse(ChatException.from(error), null);
                    } else {
                        reply(Json.write(Json.object().put("type", "claimed").put("conversationId", conv)
                                .put("ok", got)));
                    }
                });
            }
            default -> throw unknownType(type);
        }
    }

    /**
     * Lists the agent's conversations and replays each from the desk's cursor (0 when it has none). Events that
     * arrive meanwhile are kept by {@link DeskFeeds}, which also announces conversations the list misses.
     */
    private void hello(JsonNode cursors, JsonNode epochs) {
        CompletableFuture<List<ObjectNode>> listed = registered
                .thenCompose(x -> hub.presence().conversations(agentId))
                .thenCompose(ids -> afterHelloMemberRead.apply(ids))
                .thenCompose(ids -> withResumed(ids, cursors))
                .thenCompose(info::describeAll);
        OnLoop.whenComplete(listed, ctx.executor(), (convs, error) -> {
            if (error != null) {
                refuse(ChatException.from(error), null);
                return;
            }
            ObjectNode welcome = Json.object().put("type", "welcome");
            welcome.putObject("agent").put("id", agentId).put("name", agentName);
            ArrayNode list = welcome.putArray("conversations");
            convs.forEach(list::add);
            feeds.welcome(welcome, convs, cursors, epochs);
        });
    }

    /**
     * The listed conversations plus those the desk resumes (its cursors) that the list misses because Redis lost
     * them: each is restored from PostgreSQL and kept when it is open and this agent's.
     */
    private CompletableFuture<List<String>> withResumed(List<String> listed, JsonNode cursors) {
        List<String> extra = new ArrayList<>();
        cursors.fieldNames().forEachRemaining(id -> {
            if (!listed.contains(id) && extra.size() < MAX_RESUMED) {
                extra.add(id);
            }
        });
        if (extra.isEmpty()) {
            return CompletableFuture.completedFuture(listed);
        }
        List<CompletableFuture<String>> mine = extra.stream().map(id -> agents.restoringIfLost(id,
                () -> info.describe(id).thenApply(n -> {
                    if (n == null) {
                        throw new ChatException(ErrorCode.UNKNOWN_SESSION);
                    }
                    return n;
                })).handle((n, error) -> n != null && agentId.equals(n.path("agentId").asText())
                        && "open".equals(n.path("status").asText()) ? id : null)).toList();
        return CompletableFuture.allOf(mine.toArray(CompletableFuture[]::new)).thenApply(x -> {
            List<String> all = new ArrayList<>(listed);
            mine.stream().map(CompletableFuture::join).filter(id -> id != null).forEach(all::add);
            return all;
        });
    }

    /** An action answered only when it fails: with an {@code error} frame. */
    private void refuseOnError(CompletableFuture<Void> action) {
        action.whenComplete((x, error) -> {
            if (error != null) {
                refuse(ChatException.from(error), null);
            }
        });
    }

    private void send(String conversationId, String clientMsgId, String text) {
        agents.send(agentId, agentName, conversationId, clientMsgId, text).whenComplete((ack, error) -> {
            if (error != null) {
                refuse(ChatException.from(error), clientMsgId);
            } else {
                reply(ack);
            }
        });
    }

    /** An event of one of the agent's conversations; any thread (a Lettuce thread), handed to the desk's loop. */
    public void deliver(String conversationId, long seq, String json) {
        OnLoop.run(ctx.executor(), () -> feeds.event(conversationId, seq, json));
    }

    /** Re-reads the logs of the desk's conversations (any thread): after Redis or its pub/sub was away. */
    public void resync() {
        OnLoop.run(ctx.executor(), feeds::resync);
    }

    /**
     * Checks that the logs the desk follows are still those it was shown (any thread; the owner's lease timer
     * calls it): one that Redis lost is restored from PostgreSQL (the agent acts on it) and one with a new epoch
     * starts again with a {@code reset}; one that went on without the desk hearing of it is read up to its last seq.
     * So a desk learns of a lost log within a lease period even when no message comes and no
     * {@link io.livechat.routing.Envelope#RESET} reached it (presence was lost too).
     */
    public void verifyEpochs() {
        OnLoop.run(ctx.executor(), () -> feeds.epochs().forEach((id, epoch) -> agents.restoringIfLost(id,
                () -> info.describe(id).thenApply(n -> {
                    if (n == null) {
                        throw new ChatException(ErrorCode.UNKNOWN_SESSION);
                    }
                    return n;
                })).whenComplete((n, error) -> {
                    if (n == null) {
                        return;
                    }
                    if (Epoch.isStale(epoch, n.path("epoch").asText(""))) {
                        reset(id, Frames.reset(id, n.path("epoch").asText(), n.path("lastSeq").asLong()));
                    } else {
                        // an event whose route was lost meanwhile (presence gone with Redis) is read from the log
                        OnLoop.run(ctx.executor(), () -> feeds.catchUp(id, n.path("lastSeq").asLong()));
                    }
                })));
    }

    /** The conversation's log was restored with a new epoch (any thread): the desk is told and starts again. */
    public void reset(String conversationId, String resetJson) {
        OnLoop.run(ctx.executor(), () -> feeds.reset(conversationId, resetJson));
    }

    /** A conversation was just assigned to the agent; any thread, handed to the desk's loop. */
    public void assigned(String conversationId) {
        OnLoop.run(ctx.executor(), () -> feeds.assigned(conversationId));
    }

    /** Tells this desk the agent's status (online or away), as set from any of the agent's desks. */
    public void status(String status) {
        reply(Json.write(Json.object().put("type", "status").put("status", status)));
    }

    public void ephemeral(String json) {
        ephemeralFrame(json);
    }

    /** The agent's desk is held by another node now: close so that the desk reconnects and resumes. */
    public void moved() {
        closeMoved();
    }
}
