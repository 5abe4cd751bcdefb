package io.livechat.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Whether a node is alive, ready and draining: what {@code /healthz} and {@code /readyz} report to balancers.
 */
public final class NodeState {

    private final String nodeId;
    private final Map<String, BooleanSupplier> dependencies;
    private volatile boolean draining;

    /** @param dependencies named checks that must all pass for readiness ("redis", "postgres") */
    public NodeState(String nodeId, Map<String, BooleanSupplier> dependencies) {
        this.nodeId = nodeId;
        this.dependencies = new LinkedHashMap<>(dependencies);
    }

    public String nodeId() {
        return nodeId;
    }

    public boolean draining() {
        return draining;
    }

    public void drain() {
        draining = true;
    }

    /** Takes new sessions again after {@link #drain()} (an aborted deploy); readiness then follows the checks. */
    public void undrain() {
        draining = false;
    }

    /** Returns the reason the node is not ready, or null when it is. */
    public String notReadyReason() {
        if (draining) {
            return "draining";
        }
        for (Map.Entry<String, BooleanSupplier> d : dependencies.entrySet()) {
            if (!d.getValue().getAsBoolean()) {
                return d.getKey() + " unreachable";
            }
        }
        return null;
    }
}
