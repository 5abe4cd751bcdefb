package io.livechat.routing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EnvelopeTest {

    @Test
    void roundTripKeepsTheJsonUntouchedEvenWithTabs() {
        Envelope e = new Envelope(Envelope.EVENT, Envelope.AGENT, "7", "conv", 42, 1, Envelope.ASSIGNED,
                "{\"text\":\"a\\tb\"}\t");
        assertEquals(e, Envelope.decode(e.encode()));
        assertEquals(2, e.forwarded().hop());
    }

    @Test
    void malformedEnvelopesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Envelope.decode("E\tv\tonly-three"));
        assertThrows(IllegalArgumentException.class, () -> Envelope.decode("EE\tv\ti\tc\t1\t0\t\t{}"));
        assertThrows(NumberFormatException.class, () -> Envelope.decode("E\tv\ti\tc\tx\t0\t\t{}"));
    }
}
