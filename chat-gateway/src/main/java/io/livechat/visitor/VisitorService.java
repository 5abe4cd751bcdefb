package io.livechat.visitor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.config.ChatConfig;
import io.livechat.http.NodeState;
import io.livechat.metrics.ChatMetrics;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ChatMessage;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.Frames;
import io.livechat.protocol.Json;
import io.livechat.protocol.Validation;
import io.livechat.routing.EventRouter;
import io.livechat.routing.MessageAcceptor;
import io.livechat.security.TokenService;
import io.livechat.session.SessionManager;
import io.livechat.session.VisitorSession;
import io.livechat.store.NewMessage;
import io.livechat.store.SiteDirectory;
import io.livechat.store.Stores;
import io.livechat.store.VisitorDetails;
import io.livechat.store.VisitorRecord;
import io.netty.util.concurrent.EventExecutor;

import java.util.concurrent.CompletableFuture;

/**
 * What a visitor can do, whatever the transport: create or resume a session, send, signal typing. Both
 * {@link io.livechat.transport.LongPollTransport} and the WebSocket handler call it.
 */
public final class VisitorService {

    private final ChatConfig config;
    private final Stores store;
    private final SessionManager sessions;
    private final MessageAcceptor acceptor;
    private final EventRouter router;
    private final TokenService tokens;
    private final SiteDirectory sites;
    private final OriginPolicy origins;
    private final NodeState state;
    private final ChatMetrics metrics;

    /** With the origin policy of a gateway on the configured {@code CHAT_GATEWAY_PORT}. */
    public VisitorService(ChatConfig config, Stores store, SessionManager sessions, EventRouter router,
                          TokenService tokens, NodeState state, ChatMetrics metrics) {
        this(config, store, sessions, router, tokens, state, metrics,
                new OriginPolicy(store.sites(), config::gatewayPort));
    }

    public VisitorService(ChatConfig config, Stores store, SessionManager sessions, EventRouter router,
                          TokenService tokens, NodeState state, ChatMetrics metrics, OriginPolicy origins) {
        this.config = config;
        this.store = store;
        this.sessions = sessions;
        this.router = router;
        this.acceptor = new MessageAcceptor(store.conversations(), store.presence(), router, metrics);
        this.tokens = tokens;
        this.sites = store.sites();
        this.origins = origins;
        this.state = state;
        this.metrics = metrics;
    }

    public ChatConfig config() {
        return config;
    }

    public ChatMetrics metrics() {
        return metrics;
    }

    /** Creates a session for {@code body.siteKey}; answers the JSON of docs/PROTOCOL.md "Create a session". */
    public CompletableFuture<String> createSession(String origin, String userAgent, ObjectNode body) {
        if (state.draining()) {
            return CompletableFuture.failedFuture(new ChatException(ErrorCode.DRAINING));
        }
        String siteKey = Json.text(body, "siteKey");
        VisitorDetails details = new VisitorDetails(Json.text(body, "name", ""), Json.text(body, "email", ""),
                Json.text(body, "page", ""), Json.text(body, "referrer", ""), userAgent);
        return sites.find(siteKey).thenCompose(site -> {
            if (!origins.allows(site, origin)) {
                throw new ChatException(ErrorCode.ORIGIN_NOT_ALLOWED);
            }
            String sid = TokenService.newId();
            String conv = TokenService.newId();
            // not attached here: the first request carrying the sid attaches it on whichever node the balancer
            // routes it to (session creation carries no sid, so it may land on any node; attaching here made
            // about half of all new sessions move once, right away, behind a balancer hashing on the sid)
            long now = System.currentTimeMillis();
            return store.conversations().create(conv, siteKey, sid, now)
                    .thenCompose(epoch -> store.sessions().create(sid, new VisitorRecord(conv, siteKey, details, now))
                            .thenApply(x -> Json.write(Json.object().put("sid", sid)
                                    .put("token", tokens.issueVisitor(sid, siteKey)).put("conversationId", conv)
                                    .put("node", state.nodeId()).put("seq", 0).put("epoch", epoch))));
        });
    }

    /** Whether a CORS preflight from {@code origin} is granted: some site allows it (a preflight names no site). */
    public CompletableFuture<Boolean> preflight(String origin) {
        return origins.anySiteAllows(origin);
    }

    /** Whether any agent is online for the widget to offer live chat (else a leave-a-message form). */
    public CompletableFuture<String> status(String siteKey, String origin) {
        return sites.find(siteKey).thenCompose(site -> {
            if (!origins.allows(site, origin)) {
                throw new ChatException(ErrorCode.ORIGIN_NOT_ALLOWED);
            }
            return store.presence().available();
        }).thenApply(n -> Json.write(Json.object().put("siteKey", siteKey).put("agentsOnline", n)));
    }

    /**
     * Checks the token (and the page's origin) and attaches the session to this node; a session attached now has
     * its feed owned by {@code loop}, the asking connection's event loop.
     */
    public CompletableFuture<VisitorSession> authenticate(String sid, String token, String origin,
                                                         EventExecutor loop) {
        TokenService.VisitorClaims claims = tokens.verifyVisitor(token);
        if (sid != null && !sid.isEmpty() && !sid.equals(claims.sid())) {
            throw new ChatException(ErrorCode.INVALID_TOKEN, "token is for another session");
        }
        return sites.find(claims.siteKey()).thenCompose(site -> {
            if (!origins.allows(site, origin)) {
                throw new ChatException(ErrorCode.ORIGIN_NOT_ALLOWED);
            }
            return sessions.attach(claims.sid(), claims.siteKey(), loop);
        });
    }

    /** Validates and accepts a visitor message; completes with the ack frame once it is in the log. */
    public CompletableFuture<String> send(VisitorSession s, String clientMsgId, String text) {
        Validation.clientMsgId(clientMsgId);
        Validation.text(text, config.maxMessageChars());
        s.touch();
        NewMessage m = new NewMessage(s.conversationId(), clientMsgId, ChatMessage.FROM_VISITOR, s.sid(),
                s.visitorName(), text, "");
        return lostAware(s, acceptor.accept(m)).thenApply(r -> Frames.ack(clientMsgId, r.seq(), r.duplicate(),
                null));
    }

    /**
     * A write that finds the session's conversation gone from Redis (it lost its data) lets the session go here,
     * so that its followers re-attach and restore it with a new epoch; the write is answered {@code unavailable}
     * (nothing was accepted: retry with the same clientMsgId).
     */
    private <T> CompletableFuture<T> lostAware(VisitorSession s, CompletableFuture<T> write) {
        return write.handle((r, error) -> {
            if (error == null) {
                return r;
            }
            ChatException e = ChatException.from(error);
            if (e.code() == ErrorCode.UNKNOWN_SESSION) {
                sessions.lost(s);
                throw new ChatException(ErrorCode.UNAVAILABLE, "the conversation is being restored; retry");
            }
            throw e;
        });
    }

    /** Records "the visitor has delivered/read everything up to seq" and passes it to the agent's desk. */
    public CompletableFuture<Void> receipt(VisitorSession s, String state, long seq) {
        Validation.receiptState(state);
        if (seq < 1) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "seq must be a positive whole number");
        }
        s.touch();
        String field = "read".equals(state) ? "visitorRead" : "visitorDelivered";
        return lostAware(s, store.conversations().receipt(s.conversationId(), field, seq, "")).thenAccept(route -> {
            if (route != null) {
                router.relay(route, s.conversationId(), false,
                        Frames.receipt(s.conversationId(), ChatMessage.FROM_VISITOR, state, seq));
            }
        });
    }

    /**
     * The visitor's 0–10 rating, stored as a message of the conversation (event {@code rating}); one per
     * closing, since its id defaults to one derived from the latest "closed" event.
     */
    public CompletableFuture<String> rate(VisitorSession s, String clientMsgId, int score, String comment) {
        String c = comment == null ? "" : comment.strip();
        if (c.length() > 500) {
            throw new ChatException(ErrorCode.MESSAGE_TOO_LARGE, "comment longer than 500 characters");
        }
        String id = clientMsgId != null ? Validation.clientMsgId(clientMsgId) : "rating-" + s.lastClosedSeq();
        NewMessage m = new NewMessage(s.conversationId(), id, ChatMessage.FROM_VISITOR, s.sid(), s.visitorName(),
                "Rated " + score + "/10" + (c.isEmpty() ? "" : ": " + c), "", "rating");
        return lostAware(s, acceptor.accept(m)).thenApply(r -> Frames.ack(id, r.seq(), r.duplicate(), null));
    }

    /** Passes a typing indicator to the assigned agent's node; not stored, best effort. */
    public void typing(VisitorSession s, boolean typing) {
        s.touch();
        String json = Frames.typing(s.conversationId(), ChatMessage.FROM_VISITOR, typing);
        store.conversations().route(s.conversationId()).thenAccept(route -> {
            if (route != null) {
                router.relay(route, s.conversationId(), false, json);
            }
        });
    }
}
