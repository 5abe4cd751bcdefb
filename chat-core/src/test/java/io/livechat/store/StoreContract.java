package io.livechat.store;

import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What every port contract shares: the stores under test (from the subclass's {@link StoreFixture}), waiting for
 * their futures, and checking the {@link ErrorCode} a refusal carries. Contracts are written once and run
 * against every implementation, as centrifuge tests its in-memory and Redis brokers.
 */
public abstract class StoreContract {

    protected static final int HISTORY_CAP = 100;
    protected static final int LEASE_SECONDS = 60;
    /** The lease of the tests that let leases run out: Redis counts a visitor lease in whole seconds. */
    protected static final int SHORT_LEASE_SECONDS = 1;
    protected static final Duration BEYOND_SHORT_LEASE = Duration.ofMillis(1_300);

    private final List<AutoCloseable> opened = new ArrayList<>();
    private Stores stores;
    private Stores shortLeaseStores;

    protected abstract StoreFixture fixture();

    /** The stores of this test, with long leases (nothing runs out unless a test says so). */
    protected Stores stores() {
        if (stores == null) {
            stores = fixture().stores(HISTORY_CAP, LEASE_SECONDS);
        }
        return stores;
    }

    /** The stores of this test with {@link #SHORT_LEASE_SECONDS} leases; let them run out with {@link #passTime}. */
    protected Stores shortLeaseStores() {
        if (shortLeaseStores == null) {
            shortLeaseStores = fixture().stores(HISTORY_CAP, SHORT_LEASE_SECONDS);
        }
        return shortLeaseStores;
    }

    protected void passTime(Duration d) {
        fixture().passTime(d);
    }

    /** Closes {@code c} after the test. */
    protected <T extends AutoCloseable> T closeLater(T c) {
        opened.add(c);
        return c;
    }

    @AfterEach
    void closeOpened() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    protected static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw ChatException.from(e);
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("store call did not complete", e);
        }
    }

    /** The future fails with a {@link ChatException} of {@code code}. */
    protected static void assertFailsWith(ErrorCode code, CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertEquals(code, ChatException.from(e).code(), () -> "failed with " + e.getCause());
    }
}
