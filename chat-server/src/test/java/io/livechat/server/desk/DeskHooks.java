package io.livechat.server.desk;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Reaches the desk's package-private test hooks from integration tests in other packages. */
public final class DeskHooks {

    private DeskHooks() {
    }

    /**
     * A pause of every desk hello right after it read the agent's conversations from Redis, until {@link #release}.
     * Only one test at a time may hold it; {@link #close} puts the hook back.
     */
    public static final class HelloPause implements AutoCloseable {
        private final CompletableFuture<Void> memberRead = new CompletableFuture<>();
        private final CompletableFuture<Void> gate = new CompletableFuture<>();

        /** Completes once a hello has read its member list and is held. */
        public CompletableFuture<Void> memberRead() {
            return memberRead;
        }

        /** Lets every held hello go on (on the calling thread: it only chains asynchronous calls). */
        public void release() {
            gate.complete(null);
        }

        @Override
        public void close() {
            DeskConnection.afterHelloMemberRead = CompletableFuture::completedFuture;
            release();
        }
    }

    public static HelloPause pauseHelloAfterMemberRead() {
        HelloPause pause = new HelloPause();
        DeskConnection.afterHelloMemberRead = (List<String> ids) -> {
            pause.memberRead.complete(null);
            return pause.gate.thenApply(x -> ids);
        };
        return pause;
    }
}
