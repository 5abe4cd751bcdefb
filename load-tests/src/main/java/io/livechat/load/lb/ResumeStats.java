package io.livechat.load.lb;

import java.util.concurrent.atomic.LongAdder;

/** What the resuming visitors did to get through a node's death, summed over all of them; thread-safe. */
public final class ResumeStats {

    /** Connections lost (a WebSocket closed, a poll or a send failed) while the visitor was up. */
    public final LongAdder losses = new LongAdder();
    /** Connection attempts after the first: WebSocket reconnects and re-polls after a failure. */
    public final LongAdder reconnectAttempts = new LongAdder();
    /**
     * Messages transmitted (again) with the same clientMsgId after a failure: unacknowledged when the connection was
     * lost, or sent while it was down.
     */
    public final LongAdder resends = new LongAdder();
    /** Acks the server marked {@code "duplicate":true}: a resent message it had accepted already. */
    public final LongAdder duplicateAcks = new LongAdder();
    /** Acks for a clientMsgId already acknowledged (not counted again in the ledger). */
    public final LongAdder repeatedAcks = new LongAdder();
    /** Long-poll requests a node refused with a 4xx (none expected: {@code cursor_ahead} would be a resume bug). */
    public final LongAdder refusedPolls = new LongAdder();
}
