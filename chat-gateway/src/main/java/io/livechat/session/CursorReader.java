package io.livechat.session;

import io.livechat.store.SeqEvent;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Reads what a connection should get next after its cursor: from the session's memory, else from the log. */
public final class CursorReader {

    /**
     * One read.
     *
     * @param events  events after the cursor, in order
     * @param covered the seq this read accounts for: the connection's cursor may move up to it even when the
     *                log no longer held some events (trimmed past the history cap), so it never stalls
     */
    public record Read(List<SeqEvent> events, long covered) {
    }

    private CursorReader() {
    }

    /**
     * Up to {@code max} events after {@code cursor}. The future is already complete when memory had them; when
     * it had to read the log it completes on a Redis I/O thread.
     */
    public static CompletableFuture<Read> next(VisitorSession s, long cursor, int max) {
        EventBatch b = s.eventsAfter(cursor, max);
        if (!b.needsFetch()) {
            List<SeqEvent> ev = b.events();
            return CompletableFuture.completedFuture(new Read(ev, ev.isEmpty() ? cursor : ev.get(ev.size() - 1).seq()));
        }
        long upto = Math.min(b.fetchUpto(), cursor + max);
        return s.gapReader().read(s.conversationId(), cursor, upto).thenApply(ev -> new Read(ev, upto));
    }
}
