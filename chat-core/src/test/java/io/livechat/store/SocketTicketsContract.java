package io.livechat.store;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The contract of {@link SocketTickets}, for every implementation. */
public abstract class SocketTicketsContract extends StoreContract {

    @Test
    void ticketIsRedeemedOnceForItsCredential() {
        String ticket = join(stores().tickets().issue("v1.token", Duration.ofSeconds(30)));
        assertEquals("v1.token", join(stores().tickets().redeem(ticket)));
        assertNull(join(stores().tickets().redeem(ticket)), "a ticket opens one socket only");
    }

    @Test
    void racingRedemptionsGetTheCredentialOnce() {
        String ticket = join(stores().tickets().issue("v1.token", Duration.ofSeconds(30)));
        List<CompletableFuture<String>> tries = IntStream.range(0, 20)
                .mapToObj(i -> stores().tickets().redeem(ticket)).toList();
        assertEquals(1, tries.stream().map(f -> join(f)).filter("v1.token"::equals).count());
    }

    @Test
    void ticketExpires() {
        String ticket = join(stores().tickets().issue("v1.token", Duration.ofSeconds(1)));
        passTime(BEYOND_SHORT_LEASE);
        assertNull(join(stores().tickets().redeem(ticket)));
    }

    @Test
    void unknownTicketIsNullAndTicketsDiffer() {
        assertNull(join(stores().tickets().redeem("never-issued")));
        assertNotEquals(join(stores().tickets().issue("a", Duration.ofSeconds(30))),
                join(stores().tickets().issue("a", Duration.ofSeconds(30))));
    }
}
