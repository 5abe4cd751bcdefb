package io.livechat.http;

import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.Json;
import io.livechat.store.SocketTickets;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The bearer token of a WebSocket upgrade. A browser cannot set a header on a WebSocket, and a token in the URL would
 * land in balancers' access logs, so a client first trades its token (sent in the {@code Authorization} header of a
 * POST) for a single-use ticket that expires within seconds, and puts the ticket in the upgrade URL. A logged ticket
 * is worthless: it was used or has expired. Clients that can set headers may send the header on the upgrade instead.
 */
public final class WsTickets {

    private static final int MAX_TICKET_CHARS = 64;

    private final SocketTickets tickets;
    private final Duration ttl;

    public WsTickets(SocketTickets tickets, Duration ttl) {
        this.tickets = tickets;
        this.ttl = ttl;
    }

    /** A ticket for an already authenticated {@code token}: the JSON answer {@code {"ticket":…,"expiresIn":…}}. */
    public CompletableFuture<String> issue(String token) {
        return tickets.issue(token, ttl).thenApply(t -> Json.write(Json.object().put("ticket", t)
                .put("expiresIn", ttl.toSeconds())));
    }

    /**
     * The upgrade's bearer token: the {@code Authorization} header's, else the one its {@code ticket} parameter
     * stands for (redeemed, so never again); {@code invalid_ticket} when there is neither or the ticket is spent.
     */
    public CompletableFuture<String> token(HttpRequest req, QueryStringDecoder q) {
        String header = HttpRequests.token(req, q);
        if (header != null) {
            return CompletableFuture.completedFuture(header);
        }
        String ticket = HttpRequests.param(q, "ticket");
        if (ticket == null || ticket.isEmpty() || ticket.length() > MAX_TICKET_CHARS) {
            return CompletableFuture.failedFuture(new ChatException(ErrorCode.INVALID_TICKET,
                    "a WebSocket needs a ticket (POST for one) or an Authorization header"));
        }
        return tickets.redeem(ticket).thenApply(token -> {
            if (token == null) {
                throw new ChatException(ErrorCode.INVALID_TICKET);
            }
            return token;
        });
    }
}
