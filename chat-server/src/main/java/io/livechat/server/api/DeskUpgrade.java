package io.livechat.server.api;

import io.livechat.delivery.LogReader;
import io.livechat.http.WsTickets;
import io.livechat.websocket.WebSocketHandshake;
import io.livechat.metrics.ChatMetrics;
import io.livechat.server.desk.AgentService;
import io.livechat.server.desk.ConversationInfo;
import io.livechat.server.desk.DeskConnection;
import io.livechat.server.desk.DeskHub;
import io.livechat.server.store.Agent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;

/** Turns an authenticated {@code GET /desk/ws} into the agent's desk connection. */
public final class DeskUpgrade {

    private final WebSocketHandshake handshake;
    private final DeskHub hub;
    private final AgentService agents;
    private final ConversationInfo info;
    private final LogReader log;
    private final ChatMetrics metrics;
    private final WsTickets tickets;

    public DeskUpgrade(int maxBodyBytes, DeskHub hub, AgentService agents, ConversationInfo info, LogReader log,
                       ChatMetrics metrics, WsTickets tickets) {
        this.handshake = new WebSocketHandshake(maxBodyBytes);
        this.hub = hub;
        this.agents = agents;
        this.info = info;
        this.log = log;
        this.metrics = metrics;
        this.tickets = tickets;
    }

    /** The single-use tickets that carry an agent's token into the desk's upgrade URL. */
    public WsTickets tickets() {
        return tickets;
    }

    public void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, Agent agent) {
        handshake.upgrade(ctx, req, () -> new DeskConnection(String.valueOf(agent.id()), agent.displayName(), hub,
                agents, info, log, metrics));
    }
}
