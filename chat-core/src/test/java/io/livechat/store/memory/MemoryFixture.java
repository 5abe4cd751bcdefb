package io.livechat.store.memory;

import io.livechat.store.StoreFixture;
import io.livechat.store.Stores;

import java.time.Duration;

/** Memory stores on a {@link ManualClock}: passing time is moving the clock, so nothing waits. */
public final class MemoryFixture implements StoreFixture {

    private final ManualClock clock = new ManualClock();

    @Override
    public Stores stores(int historyCap, int leaseSeconds) {
        return MemoryStores.create(clock, historyCap, 1, leaseSeconds);
    }

    @Override
    public void passTime(Duration d) {
        clock.advance(d);
    }
}
