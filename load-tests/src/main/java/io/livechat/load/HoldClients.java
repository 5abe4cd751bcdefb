package io.livechat.load;

import io.livechat.load.client.ClientGroup;
import io.livechat.load.client.HttpPool;
import io.livechat.load.report.Ledger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One generator process's share of a Hold run over several processes (20,000 open files per process): opens its
 * visitors against the given gateways, reports progress on stdout ({@code opened=N failed=M} once a second, then
 * {@code ready ...}), holds them until its stdin closes or {@code --max-seconds} pass, then closes them and exits.
 * Started by {@link ClientProcesses}; not meant to be run by hand.
 */
@Command(name = "hold-clients", hidden = true, description = "A share of a multi-process Hold run (started by hold --generators).")
public final class HoldClients implements Callable<Integer> {

    @Option(names = "--host", required = true)
    String host;

    @Option(names = "--ports", split = ",", required = true)
    List<Integer> ports;

    @Option(names = "--connections", required = true)
    int connections;

    @Option(names = "--transport")
    VisitorFleet.Mix transport = VisitorFleet.Mix.WS;

    @Option(names = "--first-source")
    int firstSource = 1;

    @Option(names = "--sources")
    int sources = 1;

    @Option(names = "--threads")
    int threads = 1;

    @Option(names = "--lanes")
    int lanes = 16;

    @Option(names = "--site-key")
    String siteKey = "demo";

    @Option(names = "--connect-concurrency")
    int concurrency = 200;

    @Option(names = "--max-seconds", description = "hold at most this long even if stdin stays open")
    int maxSeconds = 900;

    @Override
    public Integer call() throws Exception {
        if (connections < 1 || connections > 19_000) {
            throw new IllegalArgumentException("--connections must be 1..19000 per generator process");
        }
        List<VisitorFleet> fleets = new ArrayList<>();
        try (ClientGroup clients = new ClientGroup(threads, sources, firstSource)) {
            for (int g = 0; g < ports.size(); g++) {
                int size = connections / ports.size() + (g < connections % ports.size() ? 1 : 0);
                if (size == 0) {
                    continue;
                }
                HttpPool pool = new HttpPool(clients, host, ports.get(g), Math.max(1, lanes / ports.size()), 100_000);
                VisitorFleet fleet = new VisitorFleet(clients, pool, siteKey, host, ports.get(g), size, new Ledger(1));
                fleets.add(fleet);
                fleet.open(transport, Math.max(1, concurrency / ports.size()));
            }
            long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
            while (opened(fleets) + failed(fleets) < connections && System.nanoTime() < deadline) {
                report("opened", fleets);
                Thread.sleep(1000); // this process's main thread paces the report; event loops do the work
            }
            report("ready", fleets);
            awaitStdinClosed(deadline);
            return failed(fleets) == 0 ? 0 : 1;
        } finally {
            fleets.forEach(VisitorFleet::close);
        }
    }

    /** Waits until the parent closes our stdin (or dies), or the deadline passes. */
    private static void awaitStdinClosed(long deadline) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent writes nothing; EOF is the signal
                }
            } catch (IOException e) {
                // a broken pipe means the parent is gone: stop as well
            }
            closed.countDown();
        }, "stdin-watch");
        reader.setDaemon(true);
        reader.start();
        closed.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void report(String what, List<VisitorFleet> fleets) {
        Throwable first = fleets.stream().map(VisitorFleet::firstError).filter(e -> e != null).findFirst().orElse(null);
        System.out.println(what + " opened=" + opened(fleets) + " failed=" + failed(fleets)
                + (first == null ? "" : " error=" + first.toString().replace('\n', ' ')));
        System.out.flush();
    }

    private static int opened(List<VisitorFleet> fleets) {
        return fleets.stream().mapToInt(f -> f.opened.get()).sum();
    }

    private static int failed(List<VisitorFleet> fleets) {
        return fleets.stream().mapToInt(f -> f.failed.get()).sum();
    }
}
