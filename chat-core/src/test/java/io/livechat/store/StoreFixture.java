package io.livechat.store;

import java.time.Duration;

/**
 * Where a contract test's stores come from: in memory, or on a real Redis (see the {@code Memory*ContractTest} and
 * {@code Redis*ContractIT} classes); and how it lets time pass for leases to run out.
 */
public interface StoreFixture {

    /** Every port over one backend that starts empty for each test. */
    Stores stores(int historyCap, int leaseSeconds);

    /** Lets {@code d} pass on the stores' clock (a fake clock moves on; a real one is waited out). */
    void passTime(Duration d);
}
