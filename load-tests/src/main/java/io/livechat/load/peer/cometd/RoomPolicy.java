package io.livechat.load.peer.cometd;

import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.ServerChannel;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;
import org.cometd.server.DefaultSecurityPolicy;

/**
 * CometD's default policy, plus: only the server publishes on a conversation's room; clients send through
 * {@link Bayeux#SEND}, where {@link ChatService} checks them, as our server accepts before it fans out.
 */
final class RoomPolicy extends DefaultSecurityPolicy {

    @Override
    public boolean canPublish(BayeuxServer server, ServerSession session, ServerChannel channel, ServerMessage message) {
        if (channel.getId().startsWith(Bayeux.ROOM_PREFIX) && (session == null || !session.isLocalSession())) {
            return false;
        }
        return super.canPublish(server, session, channel, message);
    }
}
