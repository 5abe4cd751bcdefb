package io.livechat.delivery;

import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/** Runs work on a given event loop: at once when the caller is on it already, else handed to it. */
public final class OnLoop {

    private static final Logger LOG = LoggerFactory.getLogger(OnLoop.class);

    private OnLoop() {
    }

    /** Runs {@code task} on {@code loop}; a loop that is shutting down drops it (its connections are closing). */
    public static void run(EventExecutor loop, Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("event loop shutting down, task dropped: {}", e.toString());
        }
    }

    /** Runs {@code action} with the outcome of {@code f} on {@code loop}, whichever thread completes {@code f}. */
    public static <T> void whenComplete(CompletableFuture<T> f, EventExecutor loop,
                                        BiConsumer<? super T, ? super Throwable> action) {
        f.whenComplete((value, error) -> run(loop, () -> action.accept(value, error)));
    }
}
