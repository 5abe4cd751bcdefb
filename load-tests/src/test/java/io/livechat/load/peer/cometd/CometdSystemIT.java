package io.livechat.load.peer.cometd;

import io.livechat.load.client.ClientGroup;
import io.livechat.load.client.Visitor;
import io.livechat.load.peer.PeerSystem;
import io.livechat.load.report.Ledger;
import io.livechat.load.report.MessageText;
import io.livechat.load.target.ServerTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The CometD peer end to end: its server as a child JVM through {@link CometdSystem}, Bayeux visitors on both
 * transports and agents over WebSocket, counted in a real {@link Ledger}. Behaviour only, never timings.
 */
class CometdSystemIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    static Path work;

    private static final CometdSystem system = new CometdSystem();
    private static ServerTarget target;
    private static ClientGroup clients;
    private final List<Visitor> visitors = new ArrayList<>();
    private final List<PeerSystem.PeerAgent> agents = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        target = system.start(work, List.of("-Xmx256m"));
        clients = new ClientGroup(2, 1);
    }

    @AfterAll
    static void stopServerAndCheckItIsGone() {
        long pid = target.pid();
        clients.close();
        target.close();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "server process killed");
    }

    @Test
    void everyMessageIsAckedShownOnceToTheOtherPartyAndEchoedOnceOnBothTransports() throws Exception {
        Ledger ledger = new Ledger(100);
        try {
            openVisitors(10, ledger);
            openAgents(2, 5, ledger);
            for (int i = 0; i < 10; i++) {
                long now = System.nanoTime();
                visitors.get(i).send("m" + 2 * i, MessageText.of(2 * i, now, now));
            }
            await().atMost(PATIENCE).until(() -> ledger.delivered.sum() == 10 && ledger.echoes.sum() == 10);
            for (int i = 0; i < 10; i++) {
                long now = System.nanoTime();
                agents.get(i / 5).reply("conv-" + i, "m" + (2 * i + 1), MessageText.of(2 * i + 1, now, now));
            }
            await().atMost(PATIENCE).until(() -> ledger.delivered.sum() == 20 && ledger.echoes.sum() == 20
                    && ledger.acked.sum() == 20);

            assertEquals(20, ledger.sent.sum());
            assertEquals(0, ledger.refused.sum());
            assertEquals(0, ledger.missing(0, 20), "each message shown to the other party");
            assertEquals(0, ledger.duplicates.sum(), "none shown twice");
            assertEquals(0, ledger.echoDuplicates.sum(), "each echoed once");
            assertEquals(40, ledger.frames.sum(), "no other message events");
        } finally {
            closeAll();
        }
    }

    @Test
    void aReplyInAConversationNotJoinedIsRefusedAndReachesNoOne() throws Exception {
        Ledger ledger = new Ledger(100);
        try {
            openVisitors(2, ledger);
            openAgents(1, 1, ledger); // joins conv-0 only
            long now = System.nanoTime();
            agents.get(0).reply("conv-1", "m0", MessageText.of(0, now, now));
            agents.get(0).reply("conv-0", "m1", MessageText.of(1, now, now));

            await().atMost(PATIENCE).until(() -> ledger.refused.sum() == 1 && ledger.delivered.sum() == 1
                    && ledger.echoes.sum() == 1);
            assertEquals(1, ledger.acked.sum());
            assertEquals(1, ledger.missing(0, 2), "the refused reply went nowhere");
        } finally {
            closeAll();
        }
    }

    /** Visitors of conv-0, conv-1, ...: even ones over WebSocket, odd ones over long-polling. */
    private void openVisitors(int n, Ledger ledger) throws Exception {
        List<CompletableFuture<Void>> open = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Visitor v = system.visitor(clients, target, "conv-" + i, i % 2 == 0, ledger);
            visitors.add(v);
            open.add(v.open());
        }
        CompletableFuture.allOf(open.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    }

    /** Agent k joins conv-(k*each) .. conv-(k*each + each - 1). */
    private void openAgents(int n, int each, Ledger ledger) throws Exception {
        for (int k = 0; k < n; k++) {
            PeerSystem.PeerAgent a = system.agent(clients, target, "agent-" + k, ledger);
            agents.add(a);
            a.open().get(30, TimeUnit.SECONDS);
            for (int c = k * each; c < (k + 1) * each; c++) {
                a.join("conv-" + c).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private void closeAll() {
        visitors.forEach(Visitor::close);
        agents.forEach(PeerSystem.PeerAgent::close);
    }
}
