package io.livechat.store;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Single-use WebSocket tickets: a browser cannot set a header on a WebSocket, so it trades its bearer token (sent in
 * a header) for a random ticket that it puts in the upgrade URL instead; a ticket opens one socket, within seconds.
 * Shared by every node, so a ticket obtained on one node is redeemed once on whichever node the upgrade reaches.
 */
public interface SocketTickets {

    /** Stores a fresh random ticket standing for {@code credential} (a bearer token) until {@code ttl} has passed. */
    CompletableFuture<String> issue(String credential, Duration ttl);

    /**
     * Redeems a ticket: the credential it stands for the first time, and null ever after, once it expired, or for a
     * ticket never issued. Atomic: of two redemptions of one ticket racing, only one gets the credential.
     */
    CompletableFuture<String> redeem(String ticket);
}
