package io.livechat.session;

/**
 * A connection following a visitor session (a WebSocket, or a held long-poll).
 *
 * <p>Called on whichever thread advanced the session (a Lettuce I/O thread or a Netty event loop); implementations
 * hop to their own channel's event loop and never block.
 */
public interface SessionListener {

    /** New sequenced events are available after the listener's cursor. */
    void onNewEvents();

    /** An unsequenced event (typing) to pass on if the connection can take it now. */
    void onEphemeral(String json);

    /** The session moved to another node: close so that the client reconnects through the balancer. */
    void onMoved();
}
