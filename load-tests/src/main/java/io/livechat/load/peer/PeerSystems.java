package io.livechat.load.peer;

import io.livechat.load.peer.cometd.CometdSystem;
import io.livechat.load.peer.socketio.SocketIoSystem;

import java.util.List;

/** The peer systems by name: {@code socketio} and {@code cometd}. */
public final class PeerSystems {

    /** Every system name {@code --system} takes; {@code livechat} is ours. */
    public static final List<String> NAMES = List.of("livechat", "socketio", "cometd");

    private PeerSystems() {
    }

    /**
     * A new instance of peer system {@code name}.
     *
     * @throws IllegalArgumentException for an unknown name (or {@code livechat}, which is not a peer)
     */
    public static PeerSystem create(String name) {
        return switch (name) {
            case "socketio" -> new SocketIoSystem();
            case "cometd" -> new CometdSystem();
            default -> throw new IllegalArgumentException("no peer system '" + name + "'; one of " + NAMES);
        };
    }
}
