package io.livechat.store.memory;

import io.livechat.store.TranscriptHandoffContract;
import io.livechat.store.StoreFixture;

/** The {@link TranscriptHandoffContract} on the in-memory fakes. */
class MemoryTranscriptHandoffContractTest extends TranscriptHandoffContract {

    private final MemoryFixture fixture = new MemoryFixture();

    @Override
    protected StoreFixture fixture() {
        return fixture;
    }
}
