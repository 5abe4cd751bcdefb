package io.livechat.load.peer;

import io.livechat.load.client.ClientGroup;
import io.livechat.load.client.Visitor;
import io.livechat.load.report.Ledger;
import io.livechat.load.target.ServerTarget;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A chat server other than ours (Socket.IO, CometD), driven by the same scenarios through protocol adapters. Its
 * server is a small test fixture in load-tests, started as a separate process and measured like ours (pid, RSS,
 * CPU through {@link ServerTarget}).
 *
 * <p>The conversation model every peer server implements, the same per-message work as ours minus storage: a
 * visitor joins the room named by its conversation id; an agent joins the rooms of the conversations it is given;
 * a client's message {@code {conversationId, clientMsgId, from, text}} is acknowledged to its sender and broadcast
 * to every member of the room, the sender included (its echo), as an event carrying {@code from} ("visitor" or
 * "agent") and {@code text}. Adapters report to the {@link Ledger} exactly as our clients do:
 * {@code ledger.sent} on send, {@code ledger.acked} on ack, {@code ledger.onMessage(atVisitor, from, text)} per
 * message event.
 */
public interface PeerSystem {

    /** {@code socketio} or {@code cometd}: the name in results and on the command line. */
    String name();

    /**
     * Starts the peer's server on a free loopback port and waits until it answers.
     *
     * @param work       a folder for its logs (and anything it installs)
     * @param jvmOptions options for a JVM server (ignored by others)
     */
    ServerTarget start(Path work, List<String> jvmOptions) throws Exception;

    /** A visitor of conversation {@code conversationId}; {@link Visitor#open()} connects and joins the room. */
    Visitor visitor(ClientGroup clients, ServerTarget target, String conversationId, boolean webSocket, Ledger ledger);

    /** An agent client over WebSocket; it serves the conversations it {@link PeerAgent#join joins}. */
    PeerAgent agent(ClientGroup clients, ServerTarget target, String agentName, Ledger ledger);

    /** A peer system's agent: connects once, then joins conversations' rooms. */
    interface PeerAgent extends io.livechat.load.client.Agent {

        /** Connects; completes once the server accepted the client. */
        CompletableFuture<Void> open();

        /** Joins a conversation's room; completes once the server confirmed it. */
        CompletableFuture<Void> join(String conversationId);
    }
}
