package io.livechat.delivery;

import io.livechat.store.SeqEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A stand-in for the Redis log in delivery tests: holds events, records every read and answers it when the test
 * says so ({@link #answerAll}, {@link #failAll}), or at once when made {@link #answeringAtOnce}.
 */
public final class FakeLog implements LogReader {

    /**
     * One read asked of the log.
     *
     * @param after  exclusive lower bound
     * @param upto   inclusive upper bound, or negative for none
     * @param answer completes with the events when the test answers
     */
    public record Read(String conversationId, long after, long upto, CompletableFuture<List<SeqEvent>> answer) {
    }

    private final TreeMap<Long, SeqEvent> events = new TreeMap<>();
    private final List<Read> reads = new ArrayList<>();
    private final List<Read> unanswered = new ArrayList<>();
    private boolean atOnce;

    /** A message event as the accept script stores it. */
    public static SeqEvent message(long seq) {
        return new SeqEvent(seq, "{\"type\":\"message\",\"conversationId\":\"c\",\"seq\":" + seq
                + ",\"clientMsgId\":\"m-" + seq + "\",\"from\":\"agent\",\"senderId\":\"1\",\"senderName\":\"A\","
                + "\"text\":\"message " + seq + "\",\"ts\":" + System.currentTimeMillis() + "}");
    }

    public FakeLog answeringAtOnce() {
        atOnce = true;
        return this;
    }

    /** Stores message {@code seq} in the log and returns it (to offer it to a feed as pub/sub would). */
    public synchronized SeqEvent add(long seq) {
        SeqEvent e = message(seq);
        events.put(seq, e);
        return e;
    }

    /** Stores messages {@code from..to}. */
    public synchronized void addAll(long from, long to) {
        for (long s = from; s <= to; s++) {
            add(s);
        }
    }

    public synchronized SeqEvent get(long seq) {
        return events.get(seq);
    }

    /** Every read asked so far, answered or not. */
    public synchronized List<Read> reads() {
        return List.copyOf(reads);
    }

    @Override
    public synchronized CompletableFuture<List<SeqEvent>> read(String conversationId, long after, long upto) {
        Read r = new Read(conversationId, after, upto, new CompletableFuture<>());
        reads.add(r);
        if (atOnce) {
            r.answer().complete(slice(after, upto));
        } else {
            unanswered.add(r);
        }
        return r.answer();
    }

    /** Answers every waiting read with what the log holds now; the answers complete on the calling thread. */
    public void answerAll() {
        List<Read> now;
        synchronized (this) {
            now = List.copyOf(unanswered);
            unanswered.clear();
        }
        for (Read r : now) {
            r.answer().complete(slice(r.after(), r.upto()));
        }
    }

    /** Fails every waiting read, as an unreachable Redis would. */
    public void failAll(Throwable error) {
        List<Read> now;
        synchronized (this) {
            now = List.copyOf(unanswered);
            unanswered.clear();
        }
        now.forEach(r -> r.answer().completeExceptionally(error));
    }

    private synchronized List<SeqEvent> slice(long after, long upto) {
        return new ArrayList<>((upto < 0 ? events.tailMap(after, false)
                : events.subMap(after, false, upto, true)).values());
    }
}
