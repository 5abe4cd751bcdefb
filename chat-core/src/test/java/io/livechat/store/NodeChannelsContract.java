package io.livechat.store;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract of {@link NodeChannels}: one channel per node, at most once, delivered off the publisher's thread,
 * for every implementation. Each node opens its own channels from the same stores, as processes share one Redis.
 */
public abstract class NodeChannelsContract extends StoreContract {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** What one node's listener received, and on which threads. */
    private static final class Inbox {
        final Queue<String> messages = new ConcurrentLinkedQueue<>();
        final Queue<String> threads = new ConcurrentLinkedQueue<>();

        void accept(String message) {
            threads.add(Thread.currentThread().getName());
            messages.add(message);
        }

        List<String> list() {
            return new ArrayList<>(messages);
        }
    }

    private NodeChannels open() {
        return closeLater(stores().channels().get());
    }

    private Inbox subscribed(NodeChannels channels, String nodeId) {
        Inbox inbox = new Inbox();
        channels.subscribe(nodeId, inbox::accept);
        return inbox;
    }

    @Test
    void messageReachesOnlyTheNodeItIsPublishedTo() {
        Inbox one = subscribed(open(), "node-1");
        Inbox two = subscribed(open(), "node-2");
        NodeChannels publisher = open();
        assertTrue(join(publisher.publish("node-2", "for two")));
        assertTrue(join(publisher.publish("node-1", "for one")));
        await().atMost(WAIT).until(() -> one.messages.size() == 1 && two.messages.size() == 1);
        assertEquals(List.of("for one"), one.list());
        assertEquals(List.of("for two"), two.list());
    }

    @Test
    void messagesFromOnePublisherArriveInOrder() {
        Inbox inbox = subscribed(open(), "node-1");
        NodeChannels publisher = open();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sent.add("message " + i + "\twith a tab");
            publisher.publish("node-1", sent.get(i));
        }
        await().atMost(WAIT).until(() -> inbox.messages.size() == sent.size());
        assertEquals(sent, inbox.list());
    }

    @Test
    void listenerIsCalledOffThePublishersThread() {
        NodeChannels channels = open();
        Inbox inbox = subscribed(channels, "node-1");
        join(channels.publish("node-1", "to myself"));
        await().atMost(WAIT).until(() -> !inbox.messages.isEmpty());
        assertNotEquals(Thread.currentThread().getName(), inbox.threads.peek());
    }

    @Test
    void messagePublishedBeforeSubscribingIsLost() {
        NodeChannels publisher = open();
        assertTrue(join(publisher.publish("node-1", "too early")), "nobody listening is no failure");
        Inbox inbox = subscribed(open(), "node-1");
        join(publisher.publish("node-1", "in time"));
        await().atMost(WAIT).until(() -> !inbox.messages.isEmpty());
        assertEquals(List.of("in time"), inbox.list());
    }

    @Test
    void closedChannelsReceiveNothing() {
        NodeChannels closed = stores().channels().get();
        Inbox gone = subscribed(closed, "node-1");
        Inbox other = subscribed(open(), "node-2");
        closed.close();
        NodeChannels publisher = open();
        join(publisher.publish("node-1", "after close"));
        join(publisher.publish("node-2", "marker"));
        await().atMost(WAIT).until(() -> !other.messages.isEmpty());
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(gone.messages::isEmpty);
    }
}
