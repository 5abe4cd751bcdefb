package io.livechat.routing;

import io.livechat.store.NodeChannels;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Node channels that reach no other process: only the in-process hand-over of {@link NodeBus} carries anything. */
final class NoChannels implements NodeChannels {

    @Override
    public void subscribe(String nodeId, Consumer<String> listener) {
    }

    @Override
    public CompletableFuture<Boolean> publish(String nodeId, String message) {
        return CompletableFuture.completedFuture(false);
    }

    @Override
    public void onResubscribed(Runnable hook) {
    }

    @Override
    public void close() {
    }
}
