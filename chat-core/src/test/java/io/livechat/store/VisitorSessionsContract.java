package io.livechat.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract of {@link VisitorSessions}, for every implementation. */
public abstract class VisitorSessionsContract extends StoreContract {

    @Test
    void sessionIsFoundWithWhatTheVisitorTold() {
        VisitorRecord v = new VisitorRecord("conv-1", "site-1", new VisitorDetails("Vera", "vera@example.com",
                "https://shop.example/cart", "https://search.example/?q=shoes", "Mozilla/5.0"), 1_700_000_000_000L);
        join(stores().sessions().create("sid-1", v));
        assertEquals(v, join(stores().sessions().find("sid-1")));
    }

    @Test
    void emptyDetailsComeBackEmpty() {
        VisitorRecord v = new VisitorRecord("conv-1", "site-1", new VisitorDetails(null, "", null, "", null), 5L);
        join(stores().sessions().create("sid-1", v));
        assertEquals(v, join(stores().sessions().find("sid-1")));
    }

    @Test
    void deletedSessionIsGoneAndDeletingAgainSaysSo() {
        VisitorRecord v = new VisitorRecord("conv-1", "site-1", new VisitorDetails("Vera", "", "", "", ""), 5L);
        join(stores().sessions().create("sid-1", v));
        join(stores().sessions().create("sid-2", v));
        assertTrue(join(stores().sessions().delete("sid-1")));
        assertNull(join(stores().sessions().find("sid-1")));
        assertFalse(join(stores().sessions().delete("sid-1")));
        assertEquals(v, join(stores().sessions().find("sid-2")));
    }

    @Test
    void unknownSessionIsNull() {
        assertNull(join(stores().sessions().find("nope")));
    }
}
