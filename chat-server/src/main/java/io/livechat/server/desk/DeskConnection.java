package io.livechat.server.desk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.websocket.JsonFrameHandler;
import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.Json;
import io.livechat.protocol.MessageJson;
import io.livechat.store.ConversationStore;
import io.livechat.store.SeqEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One agent's desk WebSocket: every conversation assigned to the agent, each delivered exactly once and in order
 * from the cursor the desk gave in its {@code hello} (gaps are read from the Redis log), plus replies and typing.
 *
 * <p>Cursors and catch-up state are touched on the channel's event loop only; {@link #deliver} and the other
 * entry points called from Redis threads hop onto it.
 */
public final class DeskConnection extends JsonFrameHandler {


    private final String agentId;
    private final String agentName;
    private final DeskHub hub;
    private final AgentService agents;
    private final ConversationInfo info;
    private final ConversationStore store;
    private final AtomicInteger open;
    private final Map<String, Long> cursors = new HashMap<>();
    private final Set<String> catchingUp = new HashSet<>();
    private final Set<String> catchUpAgain = new HashSet<>();
    private CompletableFuture<Void> registered;
    private boolean helloDone;

    public DeskConnection(String agentId, String agentName, DeskHub hub, AgentService agents, ConversationInfo info,
                          ConversationStore store, ChatMetrics metrics) {
        super(metrics);
        this.agentId = agentId;
        this.agentName = agentName;
        this.hub = hub;
        this.agents = agents;
        this.info = info;
        this.store = store;
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
        open.incrementAndGet();
        registered = hub.register(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        open.decrementAndGet();
        hub.unregister(this);
        c.fireChannelInactive();
    }

    @Override
    protected void onFrame(String type, ObjectNode f, String clientMsgId) {
        switch (type) {
            case "hello" -> hello(f.path("cursors"));
            case "send" -> send(Json.text(f, "conversationId", null), clientMsgId, Json.text(f, "text", null));
            case "typing" -> agents.typing(Json.text(f, "conversationId"), f.path("typing").asBoolean(false));
            case "receipt" -> agents.receipt(agentId, Json.text(f, "conversationId", null), Json.text(f, "state"),
                    f.path("seq").asLong(-1)).whenComplete((x, error) -> {
                        if (error != null) {
                            refuse(ChatException.from(error), null);
                        }
                    });
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

    /** Lists the agent's conversations and replays each from the desk's cursor (0 when it has none). */
    private void hello(com.fasterxml.jackson.databind.JsonNode given) {
        registered.thenCompose(x -> hub.presence().conversations(agentId)).thenCompose(info::describeAll)
                .whenComplete((convs, error) -> ctx.executor().execute(() -> {
            if (error != null) {
                refuse(ChatException.from(error), null);
                return;
            }
            ObjectNode welcome = Json.object().put("type", "welcome");
            welcome.putObject("agent").put("id", agentId).put("name", agentName);
            ArrayNode list = welcome.putArray("conversations");
            convs.forEach(list::add);
            ctx.writeAndFlush(new TextWebSocketFrame(Json.write(welcome)));
            helloDone = true;
            for (ObjectNode conv : convs) {
                String id = conv.path("conversationId").asText();
                cursors.put(id, Math.max(0, given.path(id).asLong(0)));
                catchUp(id);
            }
        }));
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

    /** An event (or, with {@code json == null}, a new assignment) for one of the agent's conversations. */
    public void deliver(String conversationId, long seq, String json) {
        ctx.executor().execute(() -> onEvent(conversationId, seq, json));
    }

    private void onEvent(String conversationId, long seq, String json) {
        if (!helloDone) {
            return; // the hello replay will cover it
        }
        Long cursor = cursors.get(conversationId);
        if (cursor == null) {
            cursors.put(conversationId, 0L);
            announce(conversationId);
            return;
        }
        if (json == null || seq <= cursor) {
            return;
        }
        if (seq == cursor + 1 && !catchingUp.contains(conversationId)) {
            write(conversationId, new SeqEvent(seq, json));
            ctx.flush();
        } else {
            catchUp(conversationId);
        }
    }

    /** Tells the desk about a newly assigned conversation, then replays it from the start. */
    private void announce(String conversationId) {
        info.describe(conversationId).whenComplete((conv, error) -> ctx.executor().execute(() -> {
            if (conv != null) {
                ObjectNode frame = Json.object().put("type", "assigned");
                frame.set("conversation", conv);
                ctx.writeAndFlush(new TextWebSocketFrame(Json.write(frame)));
            }
            catchUp(conversationId);
        }));
    }

    /** Reads everything after the cursor from the log; one read per conversation at a time. */
    private void catchUp(String conversationId) {
        if (!catchingUp.add(conversationId)) {
            catchUpAgain.add(conversationId);
            return;
        }
        long from = cursors.getOrDefault(conversationId, 0L);
        store.range(conversationId, from, -1).whenComplete((events, error) -> ctx.executor().execute(() -> {
            catchingUp.remove(conversationId);
            if (error != null) {
                metrics.redisError("desk");
            } else {
                events.forEach(e -> write(conversationId, e));
                ctx.flush();
                metrics.gapFill();
            }
            if (catchUpAgain.remove(conversationId)) {
                catchUp(conversationId);
            }
        }));
    }

    private void write(String conversationId, SeqEvent e) {
        long cursor = cursors.getOrDefault(conversationId, 0L);
        if (e.seq() <= cursor) {
            return;
        }
        cursors.put(conversationId, e.seq());
        ctx.write(new TextWebSocketFrame(e.json()));
        metrics.messagesOut("desk", 1);
        metrics.delivered(MessageJson.tsOf(e.json()));
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
