package io.livechat.load.client;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * One keep-alive HTTP/1.1 connection that carries one request at a time from a bounded queue (no pipelining, so
 * answers can never be matched to the wrong request); it reconnects when the server closes it.
 *
 * <p>State is guarded by the lane's monitor: callers on any thread enqueue, the channel's event loop completes.
 */
public final class HttpLane {

    private static final int MAX_BODY = 1 << 20;

    /** A queued request and the future its answer completes. */
    private record Pending(HttpMethod method, String uri, String body, String bearer, CompletableFuture<HttpReply> reply) {
    }

    private final ClientGroup clients;
    private final String host;
    private final int port;
    private final int maxQueue;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private Channel channel;
    private boolean busy;

    public HttpLane(ClientGroup clients, String host, int port, int maxQueue) {
        this.clients = clients;
        this.host = host;
        this.port = port;
        this.maxQueue = maxQueue;
    }

    /** Queues a request; fails at once when the queue is full (the caller counts it, nothing waits). */
    public CompletableFuture<HttpReply> request(HttpMethod method, String uri, String body, String bearer) {
        CompletableFuture<HttpReply> f = new CompletableFuture<>();
        synchronized (this) {
            if (queue.size() >= maxQueue) {
                f.completeExceptionally(new IOException("generator queue full"));
                return f;
            }
            queue.add(new Pending(method, uri, body, bearer, f));
            pump();
        }
        return f;
    }

    public synchronized int queued() {
        return queue.size();
    }

    /** Whether the connection is established now. */
    public synchronized boolean active() {
        return channel != null && channel.isActive();
    }

    /** Closes the connection; queued requests fail. */
    public void close() {
        Channel ch;
        synchronized (this) {
            ch = channel;
        }
        if (ch != null) {
            ch.close();
        }
    }

    private void pump() {
        if (busy || queue.isEmpty()) {
            return;
        }
        busy = true;
        if (channel != null && channel.isActive()) {
            write(channel, queue.peek());
            return;
        }
        clients.connect(host, port, ch -> ch.pipeline().addLast(new HttpClientCodec(),
                new HttpObjectAggregator(MAX_BODY), new Answer())).addListener(cf -> {
                    synchronized (this) {
                        if (cf.isSuccess()) {
                            channel = ((io.netty.channel.ChannelFuture) cf).channel();
                            write(channel, queue.peek());
                        } else {
                            failAll(cf.cause());
                        }
                    }
                });
    }

    private void write(Channel ch, Pending p) {
        byte[] bytes = p.body() == null ? new byte[0] : p.body().getBytes(StandardCharsets.UTF_8);
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, p.method(), p.uri(),
                Unpooled.wrappedBuffer(bytes));
        req.headers().set(HttpHeaderNames.HOST, host + ":" + port)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        if (p.body() != null) {
            req.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        }
        if (p.bearer() != null) {
            req.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + p.bearer());
        }
        ch.writeAndFlush(req);
    }

    private synchronized void failAll(Throwable cause) {
        busy = false;
        channel = null;
        Pending p;
        while ((p = queue.poll()) != null) {
            p.reply().completeExceptionally(cause);
        }
    }

    /** Completes the request in flight; called on the channel's event loop. */
    private final class Answer extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
            HttpReply reply = new HttpReply(r.status().code(), r.content().toString(StandardCharsets.UTF_8));
            Pending done;
            synchronized (HttpLane.this) {
                done = queue.poll();
                busy = false;
                pump();
            }
            if (done != null) {
                done.reply().complete(reply);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            failAll(new IOException("connection closed by the server"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
