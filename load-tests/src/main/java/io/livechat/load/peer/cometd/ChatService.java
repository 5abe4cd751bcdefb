package io.livechat.load.peer.cometd;

import org.cometd.bayeux.Promise;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.LocalSession;
import org.cometd.bayeux.server.ServerChannel;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;

import java.util.Map;

/**
 * The chat on the CometD server: a client publishes {@code {conversationId, clientMsgId, from, text}} to
 * {@link Bayeux#SEND}; if the sender is subscribed to that conversation's room ({@code /chat/<conversationId>}),
 * the message is broadcast there to every subscriber, the sender included (its echo), and the publish reply
 * ({@code successful: true}) is the sender's ack; otherwise the listener refuses it and the reply says
 * {@code successful: false}. No storage: the same fan-out as ours without the transcript.
 *
 * <p>CometD calls {@link #onMessage} on the thread that processes the sender's message (a Jetty pool thread).
 */
final class ChatService implements ServerChannel.MessageListener {

    private final BayeuxServer bayeux;
    private final LocalSession self;

    ChatService(BayeuxServer bayeux) {
        this.bayeux = bayeux;
        this.self = bayeux.newLocalSession("chat");
        self.handshake();
        bayeux.createChannelIfAbsent(Bayeux.SEND, c -> c.setPersistent(true)).getReference().addListener(this);
    }

    @Override
    public boolean onMessage(ServerSession sender, ServerChannel channel, ServerMessage.Mutable message) {
        Map<String, Object> data = message.getDataAsMap();
        if (data == null || !(data.get("conversationId") instanceof String conversationId)
                || !(data.get("text") instanceof String text)
                || !("visitor".equals(data.get("from")) || "agent".equals(data.get("from")))) {
            return false;
        }
        ServerChannel room = bayeux.getChannel(Bayeux.room(conversationId));
        if (room == null || !room.getSubscribers().contains(sender)) {
            return false; // only a member of the conversation may speak in it
        }
        room.publish(self, Map.of("conversationId", conversationId, "clientMsgId",
                String.valueOf(data.get("clientMsgId")), "from", data.get("from"), "text", text), Promise.noop());
        return true;
    }
}
