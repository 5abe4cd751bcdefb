package io.livechat.load.peer.cometd;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CometD peer chat server: Jetty 12 with one ee10 servlet context at {@code /}, CometD's servlet (HTTP
 * long-polling, {@code JSONHttpTransport}) and its Jetty-native WebSocket transport, both at {@link Bayeux#PATH},
 * and {@link ChatService} on the Bayeux server. Loopback only. Run as
 * {@code java -cp livechat-load.jar io.livechat.load.peer.cometd.CometdChatServer <port>}.
 */
public final class CometdChatServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CometdChatServer.class);
    private static final String HOST = "127.0.0.1";
    /**
     * System property: Jetty's per-connection HTTP header cache size in characters (Jetty's default 1024 costs
     * ~100 KB of heap on each keep-alive connection that carries more than one request, i.e. every long-polling one).
     */
    static final String HEADER_CACHE_PROPERTY = "livechat.cometd.headerCacheSize";

    private final Server server;
    private final ServerConnector connector;

    private CometdChatServer(int port) {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost(HOST);
        connector.setPort(port);
        Integer headerCache = Integer.getInteger(HEADER_CACHE_PROPERTY);
        if (headerCache != null) {
            connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()
                    .setHeaderCacheSize(headerCache);
        }
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder cometd = new ServletHolder("cometd", new ChatCometDServlet());
        cometd.setAsyncSupported(true);
        cometd.setInitOrder(1);
        ChatCometDServlet.OPTIONS.forEach(cometd::setInitParameter);
        context.addServlet(cometd, Bayeux.PATH + "/*");
        // the Jetty-native WebSocket transport looks its container up in this context (CometD's own embedding:
        // an upgrade handler in front of the servlets of the same context)
        context.insertHandler(WebSocketUpgradeHandler.from(server, context));
        server.setHandler(context);
    }

    /** Starts a server on {@code 127.0.0.1:port} (0: any free port). */
    public static CometdChatServer start(int port) throws Exception {
        CometdChatServer s = new CometdChatServer(port);
        s.server.start();
        return s;
    }

    /** The port it listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the CometD server failed: {}", e.toString());
        }
    }

    /** {@code <port>}: serves until the process is killed. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: CometdChatServer <port>");
            System.exit(2);
        }
        CometdChatServer s = start(Integer.parseInt(args[0]));
        LOG.info("CometD chat server listening on {}:{}{}", HOST, s.port(), Bayeux.PATH);
        s.server.join();
    }
}
