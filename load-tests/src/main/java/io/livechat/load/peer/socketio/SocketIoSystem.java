package io.livechat.load.peer.socketio;

import io.livechat.load.client.ClientGroup;
import io.livechat.load.client.HttpPool;
import io.livechat.load.client.Visitor;
import io.livechat.load.peer.PeerSystem;
import io.livechat.load.report.Ledger;
import io.livechat.load.target.ServerTarget;

import java.nio.file.Path;
import java.util.List;

/**
 * Socket.IO 4.8 (Node.js) as a peer system: the fixture in {@code load-tests/peers/socketio} and clients speaking
 * Engine.IO v4 / Socket.IO v5 by hand; visitors over WebSocket or long-polling, agents over WebSocket.
 */
public final class SocketIoSystem implements PeerSystem {

    /** Keep-alive connections the long-polling visitors' POSTs share, as our {@code --lanes} default. */
    private static final int POST_LANES = 32;

    private HttpPool posts;
    private ClientGroup postsClients;
    private ServerTarget postsTarget;

    @Override
    public String name() {
        return "socketio";
    }

    @Override
    public ServerTarget start(Path work, List<String> jvmOptions) throws Exception {
        return new SocketIoServer(work);
    }

    @Override
    public Visitor visitor(ClientGroup clients, ServerTarget target, String conversationId, boolean webSocket,
                           Ledger ledger) {
        SioSocket socket = new SioSocket(ledger, true);
        SioTransport t = webSocket ? new SioWebSocket(clients, target.host(), target.gatewayPort(), socket)
                : new SioPolling(clients, target.host(), target.gatewayPort(), postPool(clients, target), socket);
        return new SioVisitor(conversationId, socket, t);
    }

    @Override
    public PeerAgent agent(ClientGroup clients, ServerTarget target, String agentName, Ledger ledger) {
        SioSocket socket = new SioSocket(ledger, false);
        return new SioAgent(socket, new SioWebSocket(clients, target.host(), target.serverPort(), socket));
    }

    /** One pool per client group and server, shared by every long-polling visitor's sends. */
    private synchronized HttpPool postPool(ClientGroup clients, ServerTarget target) {
        if (posts == null || postsClients != clients || postsTarget != target) {
            posts = new HttpPool(clients, target.host(), target.gatewayPort(), POST_LANES, 100_000);
            postsClients = clients;
            postsTarget = target;
        }
        return posts;
    }
}
