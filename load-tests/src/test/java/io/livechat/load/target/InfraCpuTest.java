package io.livechat.load.target;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PostgreSQL's CPU is found through its pid file, wherever the postmaster sits in the process tree. */
class InfraCpuTest {

    @Test
    void thePostmasterIsFoundThroughItsPidFileAndItsCpuCounted(@TempDir Path dir) throws Exception {
        long pid = ProcessHandle.current().pid(); // stands for a postmaster: a live process that has used CPU
        Path pgData = Files.createDirectories(dir.resolve("postgres/data"));
        Files.writeString(pgData.resolve("postmaster.pid"), pid + "\n" + pgData + "\n1700000000\n5432\n");
        assertEquals(Optional.of(pid), InfraCpu.postmasterPid(dir));
        double own = ProcStats.cpuSeconds(pid);
        assertTrue(own > 0 && InfraCpu.measure(dir).postgres() >= own, "the postmaster's own CPU at least");
        assertEquals(0.0, InfraCpu.measure(dir.resolve("nothing-here")).postgres());
        assertEquals(Optional.empty(), InfraCpu.postmasterPid(null));
    }
}
