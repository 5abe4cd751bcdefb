package io.livechat.load.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * One WebSocket client connection (Netty's {@code WebSocketClientHandshaker}): connects, upgrades, hands every
 * text frame to a listener and sends text frames; one per visitor or desk, no thread of its own.
 */
public final class WsClient {

    private static final int MAX_FRAME = 1 << 20;

    /** Receives frames; called on the connection's event loop, so it must not block. */
    public interface Listener {
        void onText(String text);

        default void onClosed() {
        }
    }

    private final CompletableFuture<Void> open = new CompletableFuture<>();
    private volatile Channel channel;

    private WsClient() {
    }

    /** Connects to {@code ws://host:port/pathAndQuery}; the future completes once the upgrade is done. */
    public static WsClient connect(ClientGroup clients, String host, int port, String pathAndQuery, Listener l) {
        return connect(clients, host, port, pathAndQuery, l, 0);
    }

    /**
     * As {@link #connect(ClientGroup, String, int, String, Listener)}, with the socket's receive buffer set to
     * {@code receiveBufferBytes} before connecting (0: the kernel's default), so that the TCP window is negotiated
     * for it; a would-be slow consumer gets a small one, so that the server's writes to it back up quickly.
     */
    public static WsClient connect(ClientGroup clients, String host, int port, String pathAndQuery, Listener l,
                                   int receiveBufferBytes) {
        return connect(clients, host, port, pathAndQuery, null, l, receiveBufferBytes);
    }

    /**
     * As above, with {@code Authorization: Bearer <bearer>} on the upgrade request (null: none): a client that is not a
     * browser can set the header, so it needs no ticket and its token never appears in a URL.
     */
    public static WsClient connect(ClientGroup clients, String host, int port, String pathAndQuery, String bearer,
                                   Listener l, int receiveBufferBytes) {
        WsClient c = new WsClient();
        URI uri = URI.create("ws://" + host + ":" + port + pathAndQuery);
        // no Origin header: the generator is not a browser page (Netty would invent one from the URL, and the
        // gateway checks a browser's Origin against the site's allowed origins)
        HttpHeaders headers = bearer == null ? EmptyHttpHeaders.INSTANCE
                : new DefaultHttpHeaders().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + bearer);
        var handshaker = WebSocketClientHandshakerFactory.newHandshaker(uri, WebSocketVersion.V13, null, false,
                headers, MAX_FRAME, true, false, 10_000L, false, false);
        clients.connect(host, port, ch -> {
            if (receiveBufferBytes > 0) {
                ch.config().setReceiveBufferSize(receiveBufferBytes);
            }
            ch.pipeline().addLast(new HttpClientCodec(),
                new HttpObjectAggregator(MAX_FRAME), new WebSocketClientProtocolHandler(handshaker),
                c.new Frames(l));
        }).addListener(f -> {
                    if (!f.isSuccess()) {
                        c.open.completeExceptionally(f.cause());
                    }
                });
        return c;
    }

    public CompletableFuture<Void> opened() {
        return open;
    }

    /** Writes a text frame; safe from any thread (Netty hops onto the channel's loop). */
    public void send(String text) {
        Channel ch = channel;
        if (ch != null) {
            ch.writeAndFlush(new TextWebSocketFrame(text));
        }
    }

    /**
     * Stops reading from the socket (a slow consumer): auto-read off. (Shrinking the receive buffer now, after the
     * window was negotiated, makes the kernel drop the server's segments and stalls this socket's own sends too;
     * pass a small buffer to {@link #connect} instead.)
     */
    public void stopReading() {
        Channel ch = channel;
        if (ch != null) {
            ch.eventLoop().execute(() -> ch.config().setAutoRead(false));
        }
    }

    public boolean isOpen() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    public void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    /** The last stage of the pipeline: upgrade events and text frames. */
    private final class Frames extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final Listener listener;

        Frames(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                channel = ctx.channel();
                open.complete(null);
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                open.completeExceptionally(new java.io.IOException("WebSocket handshake timed out"));
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            listener.onText(frame.text());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            open.completeExceptionally(new java.io.IOException("closed before the upgrade"));
            listener.onClosed();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            open.completeExceptionally(cause);
            ctx.close();
        }
    }
}
