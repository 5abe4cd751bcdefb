package io.livechat.load.client;

import io.netty.handler.codec.http.HttpMethod;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** A fixed set of keep-alive {@link HttpLane}s to one listener, used round-robin for control requests and sends. */
public final class HttpPool {

    private final HttpLane[] lanes;
    private final AtomicLong next = new AtomicLong();

    public HttpPool(ClientGroup clients, String host, int port, int lanes, int maxQueuePerLane) {
        this.lanes = new HttpLane[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new HttpLane(clients, host, port, maxQueuePerLane);
        }
    }

    public CompletableFuture<HttpReply> post(String uri, String json, String bearer) {
        return lane().request(HttpMethod.POST, uri, json, bearer);
    }

    public CompletableFuture<HttpReply> get(String uri, String bearer) {
        return lane().request(HttpMethod.GET, uri, null, bearer);
    }

    private HttpLane lane() {
        return lanes[(int) (next.getAndIncrement() % lanes.length)];
    }
}
