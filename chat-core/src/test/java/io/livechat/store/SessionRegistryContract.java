package io.livechat.store;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract of {@link SessionRegistry}: the visitor-session leases that {@link ConversationStore#attach} takes,
 * for every implementation.
 */
public abstract class SessionRegistryContract extends StoreContract {

    private String attached(Stores s, String conv, String node) {
        join(s.conversations().create(conv, "site-1", "sid-" + conv, 1L));
        join(s.conversations().attach(conv, node, 0));
        return conv;
    }

    private String attached(String conv, String node) {
        return attached(stores(), conv, node);
    }

    private SessionRegistry registry() {
        return stores().registry();
    }

    @Test
    void attachMakesTheNodeTheHolder() {
        String c = attached("conv-1", "gateway-1");
        assertEquals("gateway-1", join(registry().holder(c)));
    }

    @Test
    void nobodyHoldsAConversationNeverAttached() {
        join(stores().conversations().create("conv-1", "site-1", "sid-1", 1L));
        assertNull(join(registry().holder("conv-1")));
    }

    @Test
    void holderRenewsItsLease() {
        String c = attached("conv-1", "gateway-1");
        assertEquals(List.of(true), join(registry().renew(List.of(c), "gateway-1")));
        assertEquals("gateway-1", join(registry().holder(c)));
    }

    @Test
    void leaseHeldByAnotherNodeIsNotRenewed() {
        String c = attached("conv-1", "gateway-1");
        join(stores().conversations().attach(c, "gateway-2", 0));
        assertEquals(List.of(false), join(registry().renew(List.of(c), "gateway-1")));
        assertEquals("gateway-2", join(registry().holder(c)));
    }

    /** Twelve conversations spread over the shards: held here, held elsewhere, and never attached. */
    @Test
    void renewAnswersForEachConversationInTheOrderAsked() {
        List<String> convs = new ArrayList<>();
        List<Boolean> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String c = "conv-" + i;
            convs.add(c);
            switch (i % 3) {
                case 0 -> attached(c, "gateway-2");
                case 1 -> attached(c, "gateway-1");
                default -> join(stores().conversations().create(c, "site-1", "sid-" + c, 1L)); // no lease yet:
                // renewing creates it
            }
            expected.add(i % 3 != 0);
        }
        assertEquals(expected, join(registry().renew(convs, "gateway-1")));
        assertEquals("gateway-1", join(registry().holder("conv-2")));
        assertEquals("gateway-2", join(registry().holder("conv-3")));
    }

    @Test
    void renewOfNoConversationAnswersAnEmptyList() {
        assertEquals(List.of(), join(registry().renew(List.of(), "gateway-1")));
    }

    @Test
    void releaseGivesUpOnlyItsOwnLease() {
        String c = attached("conv-1", "gateway-1");
        assertFalse(join(registry().release(c, "gateway-2")));
        assertEquals("gateway-1", join(registry().holder(c)));
        assertTrue(join(registry().release(c, "gateway-1")));
        assertNull(join(registry().holder(c)));
        assertFalse(join(registry().release(c, "gateway-1")));
        assertEquals("", join(stores().conversations().attach(c, "gateway-2", 0)).previousNode());
    }

    @Test
    void leaseRunsOutUnlessRenewed() {
        Stores s = shortLeaseStores();
        String c = attached(s, "conv-1", "gateway-1");
        passTime(BEYOND_SHORT_LEASE);
        assertNull(join(s.registry().holder(c)));
        assertEquals("", join(s.conversations().route(c)).visitorNode());
        assertEquals("", join(s.conversations().attach(c, "gateway-2", 0)).previousNode());
    }

    @Test
    void renewedLeaseOutlivesTheFirstLease() {
        Stores s = shortLeaseStores();
        String c = attached(s, "conv-1", "gateway-1");
        passTime(Duration.ofMillis(600));
        assertEquals(List.of(true), join(s.registry().renew(List.of(c), "gateway-1")));
        passTime(Duration.ofMillis(600));
        assertEquals("gateway-1", join(s.registry().holder(c)));
    }

    @Test
    void leaseThatRanOutIsRecreatedByTheNodeThatRenewsIt() {
        Stores s = shortLeaseStores();
        String c = attached(s, "conv-1", "gateway-1");
        passTime(BEYOND_SHORT_LEASE);
        assertEquals(List.of(true), join(s.registry().renew(List.of(c), "gateway-2")));
        assertEquals("gateway-2", join(s.registry().holder(c)));
        assertEquals(List.of(false), join(s.registry().renew(List.of(c), "gateway-1")));
    }

    @Test
    void leaseOfAConversationTheStoreDoesNotHaveIsNotRenewed() {
        assertEquals(List.of(false), join(registry().renew(List.of("never-created"), "gateway-1")));
        assertNull(join(registry().holder("never-created")));
    }

    @Test
    void leaseOfASessionFollowingAnotherEpochOfTheLogIsNotRenewed() {
        String c = attached("conv-1", "gateway-1");
        String epoch = join(stores().conversations().state(c)).epoch();
        assertEquals(List.of(false), join(registry().renew(List.of(c), List.of("an-older"), "gateway-1")));
        assertEquals(List.of(true), join(registry().renew(List.of(c), List.of(epoch), "gateway-1")));
        assertEquals(List.of(true), join(registry().renew(List.of(c), List.of(""), "gateway-1")));
    }
}
