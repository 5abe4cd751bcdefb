package io.livechat.store;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An epoch packs into a long and back unchanged; no epoch and strings that are not epochs are told apart. */
class EpochTest {

    @Test
    void everyCreatedEpochPacksAndUnpacksToItself() {
        Set<Long> packed = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String epoch = Epoch.create();
            long bits = Epoch.pack(epoch);
            assertTrue(bits >= 0 && bits < 1L << 48, epoch + " -> " + bits);
            assertEquals(epoch, Epoch.unpack(bits));
            packed.add(bits);
        }
        assertTrue(packed.size() > 9_990, "48 random bits: distinct epochs pack apart");
        assertEquals("AAAAAAAA", Epoch.unpack(Epoch.pack("AAAAAAAA")));
        assertEquals("________", Epoch.unpack(Epoch.pack("________")));
    }

    @Test
    void noEpochAndOtherStringsAreToldApart() {
        assertEquals(Epoch.NONE, Epoch.pack(""));
        assertEquals(Epoch.NONE, Epoch.pack(null));
        assertEquals("", Epoch.unpack(Epoch.NONE));
        for (String odd : new String[] {"short", "nine-char", "has+plus", "has/slas", "12345678x"}) {
            assertEquals(Epoch.NOT_PACKABLE, Epoch.pack(odd), odd);
        }
    }
}
