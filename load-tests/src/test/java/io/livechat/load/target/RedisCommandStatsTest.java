package io.livechat.load.target;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** INFO commandstats is read per command, and a step's share is the difference, most Redis CPU first. */
class RedisCommandStatsTest {

    @Test
    void aStepsShareIsTheDifferenceMostCpuFirst() {
        RedisCommandStats before = RedisCommandStats.parse("# Commandstats\r\n"
                + "cmdstat_evalsha:calls=10,usec=400,usec_per_call=40.00,rejected_calls=0,failed_calls=0\r\n"
                + "cmdstat_publish:calls=5,usec=20,usec_per_call=4.00,rejected_calls=0,failed_calls=0\r\n");
        RedisCommandStats after = RedisCommandStats.parse("# Commandstats\r\n"
                + "cmdstat_evalsha:calls=110,usec=4400,usec_per_call=40.00,rejected_calls=0,failed_calls=0\r\n"
                + "cmdstat_publish:calls=5,usec=20,usec_per_call=4.00,rejected_calls=0,failed_calls=0\r\n"
                + "cmdstat_xack:calls=3,usec=9000,usec_per_call=3000.00,rejected_calls=0,failed_calls=0\r\n");
        Map<String, long[]> step = after.since(before);
        assertEquals(List.of("xack", "evalsha"), List.copyOf(step.keySet()), "commands that ran, most CPU first");
        assertArrayEquals(new long[] {100, 4000}, step.get("evalsha"));
        assertArrayEquals(new long[] {3, 9000}, step.get("xack"));
        assertEquals(RedisCommandStats.NONE, RedisCommandStats.read(null));
    }
}
