package io.livechat.load;

import io.livechat.load.client.Agent;
import io.livechat.load.client.Visitor;
import io.livechat.load.report.Ledger;
import io.livechat.load.report.MessageText;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides who says what for measured message {@code index}: conversations take turns, and in each a visitor's
 * message is followed by the assigned agent's reply. A slow consumer (a visitor that stopped reading) keeps
 * sending, and its agent keeps replying (padded); its messages both ways are counted apart in the ledger.
 */
final class ChatTraffic {

    /** The visitors that stopped reading, and how many characters of padding their replies carry. */
    record Slow(Set<Visitor> visitors, int paddingChars) {
        static final Slow NONE = new Slow(Set.of(), 0);

        int count() {
            return visitors.size();
        }
    }

    private final List<Visitor> visitors;
    private final Map<String, Agent> owners;
    private final Ledger ledger;
    private final Slow slow;
    private final String padding;

    /** @param visitors the open visitors whose conversations an agent owns */
    ChatTraffic(List<Visitor> visitors, Map<String, Agent> owners, Ledger ledger, Slow slow) {
        this.visitors = visitors;
        this.owners = owners;
        this.ledger = ledger;
        this.slow = slow;
        this.padding = " " + "p".repeat(Math.max(0, slow.paddingChars()));
    }

    int conversations() {
        return visitors.size();
    }

    Slow slow() {
        return slow;
    }

    /** Sends message {@code index}, stamped with its intended send time; never blocks (Netty queues the write). */
    void send(long index, long intendedNanos) {
        Visitor v = visitors.get((int) ((index / 2) % visitors.size()));
        String text = MessageText.of(index, intendedNanos, System.nanoTime());
        String clientMsgId = "m" + index;
        boolean isSlow = slow.visitors().contains(v);
        if (index % 2 == 0) {
            if (isSlow) {
                ledger.exclude(index);
            }
            v.send(clientMsgId, text);
        } else if (isSlow) {
            ledger.exclude(index);
            owners.get(v.conversationId()).reply(v.conversationId(), clientMsgId, text + padding);
        } else {
            owners.get(v.conversationId()).reply(v.conversationId(), clientMsgId, text);
        }
    }
}
