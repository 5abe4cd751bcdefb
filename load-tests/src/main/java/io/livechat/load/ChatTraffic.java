package io.livechat.load;

import io.livechat.load.client.AgentDesk;
import io.livechat.load.client.Visitor;
import io.livechat.load.report.MessageText;

import java.util.List;
import java.util.Map;

/**
 * Decides who says what for measured message {@code index}: conversations take turns, and in each a visitor's
 * message is followed by the assigned agent's reply.
 */
final class ChatTraffic {

    private final List<Visitor> visitors;
    private final Map<String, AgentDesk> owners;

    /** @param visitors the open visitors whose conversations an agent owns */
    ChatTraffic(List<Visitor> visitors, Map<String, AgentDesk> owners) {
        this.visitors = visitors;
        this.owners = owners;
    }

    int conversations() {
        return visitors.size();
    }

    /** Sends message {@code index}, stamped with its intended send time; never blocks (Netty queues the write). */
    void send(long index, long intendedNanos) {
        Visitor v = visitors.get((int) ((index / 2) % visitors.size()));
        String text = MessageText.of(index, intendedNanos, System.nanoTime());
        String clientMsgId = "m" + index;
        if (index % 2 == 0) {
            v.send(clientMsgId, text);
        } else {
            owners.get(v.conversationId()).reply(v.conversationId(), clientMsgId, text);
        }
    }
}
