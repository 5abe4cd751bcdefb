package io.livechat.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.protocol.Json;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A WebSocket test client (JDK) that records every text frame and the close code. */
public final class WsClient implements WebSocket.Listener {

    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket ws;

    private WsClient() {
    }

    /** Connects; fails (CompletionException with the HTTP status inside) when the upgrade is refused. */
    public static WsClient connect(String url) {
        return connect(url, java.util.Map.of());
    }

    /** Connects with extra headers on the upgrade request (e.g. {@code Authorization}). */
    public static WsClient connect(String url, java.util.Map<String, String> headers) {
        WsClient c = new WsClient();
        WebSocket.Builder b = Http.CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(b::header);
        c.ws = b.buildAsync(URI.create(url), c).orTimeout(10, TimeUnit.SECONDS).join();
        return c;
    }

    public void send(String json) {
        ws.sendText(json, true).join();
    }

    public List<JsonNode> frames() {
        return frames;
    }

    /** Frames of one type, in arrival order. */
    public List<JsonNode> frames(String type) {
        return frames.stream().filter(f -> type.equals(f.path("type").asText())).toList();
    }

    public CompletableFuture<Integer> closed() {
        return closed;
    }

    /** Drops the TCP connection without a close handshake, as a lost network would. */
    public void abort() {
        ws.abort();
    }

    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(1000, "bye");
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(Json.parseObject(partial.toString()));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }
}
