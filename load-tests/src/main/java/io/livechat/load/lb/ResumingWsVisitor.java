package io.livechat.load.lb;

import io.livechat.load.client.ClientGroup;
import io.livechat.load.client.FrameScan;
import io.livechat.load.client.Visitor;
import io.livechat.load.client.WsClient;
import io.livechat.load.report.Ledger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link ResumingVisitor} over {@code GET /v1/ws?sid=…&after=<last seq>}
 * (token in the Authorization header): a closed WebSocket (node death,
 * {@code 4009} moved, {@code 1001} shutdown) or a refused upgrade is a loss; it reconnects through the balancer
 * after the backoff and then sends its whole outbox again.
 */
public final class ResumingWsVisitor extends ResumingVisitor {

    private volatile Attempt current;

    public ResumingWsVisitor(ClientGroup clients, String host, int port, Visitor.Session session, Ledger ledger,
                             ResumeStats stats) {
        super(clients, host, port, session, ledger, stats);
    }

    @Override
    public String transport() {
        return "ws";
    }

    @Override
    protected boolean queuesWhileDown() {
        return true;
    }

    @Override
    protected void connect() {
        Attempt a = new Attempt();
        current = a;
        a.ws = WsClient.connect(clients, host, port, "/v1/ws?" + session.query() + "&after=" + lastSeq(),
                session.token(), a, 0);
        a.ws.opened().whenComplete((x, error) -> {
            if (error == null) {
                markUp();
            } else {
                a.ended();
            }
        });
    }

    @Override
    protected void transmit(String clientMsgId, String text) {
        Attempt a = current;
        if (a != null && a.ws != null) {
            a.ws.send(Visitor.sendFrame(clientMsgId, text)); // lost with the connection? it stays in the outbox
        }
    }

    @Override
    public void close() {
        running = false;
        Attempt a = current;
        if (a != null && a.ws != null) {
            a.ws.close();
        }
    }

    /** One connection attempt; its frames and its end arrive on its channel's event loop. */
    private final class Attempt implements WsClient.Listener {
        private final AtomicBoolean over = new AtomicBoolean();
        private volatile WsClient ws;

        @Override
        public void onText(String text) {
            String type = FrameScan.field(text, "type");
            if ("message".equals(type)) {
                onEvent(FrameScan.field(text, "from"), FrameScan.field(text, "text"), Frames.seq(text));
            } else if ("ack".equals(type)) {
                onAck(FrameScan.field(text, "clientMsgId"), text.contains("\"duplicate\":true"));
            } else if ("error".equals(type)) {
                String id = FrameScan.field(text, "clientMsgId");
                if (id != null) {
                    onRefused(id);
                }
            }
        }

        @Override
        public void onClosed() {
            ended();
        }

        /** The attempt failed or its connection closed: once per attempt, a loss and a reconnect after backoff. */
        void ended() {
            if (!over.compareAndSet(false, true)) {
                return;
            }
            markLost();
            later(() -> {
                stats.reconnectAttempts.increment();
                connect();
            });
        }
    }
}
