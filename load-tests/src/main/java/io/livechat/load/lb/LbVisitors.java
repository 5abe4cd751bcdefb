package io.livechat.load.lb;

import io.livechat.load.client.ClientGroup;
import io.livechat.load.client.HttpPool;
import io.livechat.load.client.Sessions;
import io.livechat.load.report.Ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens the scenario's visitors through the balancer only: {@code POST /v1/sessions} without a sid (the balancer
 * may send it anywhere), then each visitor's connection with its sid in the URL, as the widget does.
 */
final class LbVisitors {

    private LbVisitors() {
    }

    /** The transport mix: every visitor WebSocket, every one long-poll, or alternating. */
    enum Mix { WS, POLL, MIXED }

    /**
     * Opens {@code count} visitors, 50 at a time, into {@code visitors} (the caller closes them, also on failure);
     * fails if any does not open within a minute.
     */
    static void open(ClientGroup clients, HttpPool balancer, String siteKey, int port, int count, Mix mix,
                     Ledger ledger, ResumeStats stats, List<ResumingVisitor> visitors) throws Exception {
        Sessions sessions = new Sessions(balancer, siteKey);
        int batch = 50;
        for (int from = 0; from < count; from += batch) {
            List<CompletableFuture<ResumingVisitor>> opening = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + batch); i++) {
                boolean ws = mix == Mix.WS || (mix == Mix.MIXED && i % 2 == 0);
                opening.add(sessions.create("lb-" + i).thenCompose(s -> {
                    ResumingVisitor v = ws ? new ResumingWsVisitor(clients, "127.0.0.1", port, s, ledger, stats)
                            : new ResumingPollVisitor(clients, "127.0.0.1", port, balancer, s, ledger, stats);
                    synchronized (visitors) {
                        visitors.add(v);
                    }
                    return v.open().thenApply(x -> v);
                }));
            }
            for (CompletableFuture<ResumingVisitor> f : opening) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** Each visitor's conversation by its session id, in the visitors' order. */
    static java.util.Map<String, String> sids(List<ResumingVisitor> visitors) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        visitors.forEach(v -> out.put(v.sid(), v.conversationId()));
        return out;
    }
}
