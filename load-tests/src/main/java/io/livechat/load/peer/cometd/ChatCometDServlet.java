package io.livechat.load.peer.cometd;

import jakarta.servlet.ServletException;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.server.BayeuxServerImpl;
import org.cometd.server.http.jakarta.CometDServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Context;

import java.util.Map;

/**
 * CometD's servlet with the chat installed: it hands the Jetty context to the Bayeux server (the Jetty-native
 * WebSocket transport needs it, and servlet init parameters can only carry strings), then adds {@link ChatService}
 * and {@link RoomPolicy} once the Bayeux server runs.
 */
final class ChatCometDServlet extends CometDServlet {

    /** The Bayeux server's options; everything not named here keeps CometD's default (long polls held 20 s, ...). */
    static final Map<String, String> OPTIONS = Map.of(
            BayeuxServerImpl.TRANSPORTS_OPTION, "org.cometd.server.websocket.jetty.JettyWebSocketTransport,"
                    + "org.cometd.server.http.JSONHttpTransport",
            "ws.cometdURLMapping", Bayeux.PATH + "/*",
            // the generator's keep-alive HTTP lanes are shared by many visitors and carry no cookies, so sessions
            // are found by their clientId instead of the BAYEUX_BROWSER cookie (CometD's option for such clients)
            "long-polling.trustClientSession", "true");

    @Override
    protected BayeuxServer newBayeuxServer() {
        BayeuxServerImpl bayeux = new BayeuxServerImpl();
        Context context = ServletContextHandler.getServletContextHandler(getServletContext()).getContext();
        bayeux.setOption(Context.class.getName(), context);
        return bayeux;
    }

    @Override
    public void init() throws ServletException {
        super.init();
        BayeuxServer bayeux = getBayeuxServer();
        bayeux.setSecurityPolicy(new RoomPolicy());
        new ChatService(bayeux);
    }
}
