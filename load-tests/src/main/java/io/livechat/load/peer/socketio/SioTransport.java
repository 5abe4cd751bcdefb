package io.livechat.load.peer.socketio;

import java.util.concurrent.CompletableFuture;

/** How a {@link SioSocket}'s packets travel: one WebSocket, or HTTP long-polling. */
interface SioTransport {

    /** Connects; every packet received is handed to the socket on a generator event loop. */
    CompletableFuture<Void> start();

    /** Sends one Engine.IO packet; never blocks, safe from any thread. */
    void write(String packet);

    void close();
}
