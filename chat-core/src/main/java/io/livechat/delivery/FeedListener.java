package io.livechat.delivery;

/**
 * A connection following a {@link ConversationFeed}.
 *
 * <p>Called on the feed's owner event loop. A listener whose channel is on another event loop hands the work to
 * its own loop ({@link OnLoop}); none blocks, none writes to a channel from a loop that is not the channel's.
 */
public interface FeedListener {

    /** New sequenced events are available after the listener's cursor. */
    void onNewEvents();

    /** An unsequenced event (typing, receipt) to pass on if the connection can take it now. */
    default void onEphemeral(String json) {
    }

    /** Another node holds the conversation's follower now: close so that the client reconnects and resumes. */
    default void onMoved() {
    }
}
