package io.livechat.testsupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One live node of a {@link RedisClusterProcess} as the cluster itself sees it ({@code CLUSTER NODES}): its id, its
 * loopback port, the master it replicates ({@code null} for a master) and the slot ranges it serves.
 */
public record ClusterNode(String id, int port, String masterId, List<String> slotRanges) {

    public static final String HOST = "127.0.0.1";

    public ClusterNode {
        slotRanges = List.copyOf(slotRanges);
    }

    /** The URI a Redis client connects to, {@code redis://127.0.0.1:PORT}. */
    public String uri() {
        return "redis://" + HOST + ":" + port;
    }

    public boolean isMaster() {
        return masterId == null;
    }

    public boolean serves(int slot) {
        return slotRanges.stream().anyMatch(range -> slot >= first(range) && slot <= last(range));
    }

    public int slotCount() {
        return slotRanges.stream().mapToInt(range -> last(range) - first(range) + 1).sum();
    }

    /**
     * The nodes a {@code CLUSTER NODES} reply lists, without those flagged failed or suspected ({@code fail},
     * {@code fail?}) or without an address: the ones that serve. Slots being migrated ({@code [slot->-id]}) are left
     * out; the harness never migrates any.
     */
    static List<ClusterNode> parse(String clusterNodes) {
        List<ClusterNode> nodes = new ArrayList<>();
        for (String line : clusterNodes.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 8 || f[2].contains("fail") || f[2].contains("noaddr")) {
                continue;
            }
            // ip:port@cport[,hostname]
            String address = f[1].substring(0, f[1].indexOf('@'));
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            String masterId = "-".equals(f[3]) ? null : f[3];
            List<String> slots = Arrays.stream(f, 8, f.length).filter(s -> !s.startsWith("[")).toList();
            nodes.add(new ClusterNode(f[0], port, masterId, slots));
        }
        nodes.sort((a, b) -> Integer.compare(a.port, b.port));
        return nodes;
    }

    /** {@code :PORT master of [0-5460]} or {@code :PORT replica of 1a2b3c4d}, short enough for logs. */
    @Override
    public String toString() {
        return ":" + port + (isMaster() ? " master of " + slotRanges : " replica of " + masterId.substring(0, 8));
    }

    private static int first(String range) {
        int dash = range.indexOf('-');
        return Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
    }

    private static int last(String range) {
        int dash = range.indexOf('-');
        return Integer.parseInt(dash < 0 ? range : range.substring(dash + 1));
    }
}
