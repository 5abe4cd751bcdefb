package io.livechat.load.peer;

import io.livechat.load.peer.socketio.SocketIoSystem;

import java.util.List;

/** The peer systems by name: {@code socketio} here, {@code cometd} when its adapter is on the class path. */
public final class PeerSystems {

    /** Every system name {@code --system} takes; {@code livechat} is ours. */
    public static final List<String> NAMES = List.of("livechat", "socketio", "cometd");

    private static final String COMETD_CLASS = "io.livechat.load.peer.cometd.CometdSystem";

    private PeerSystems() {
    }

    /**
     * A new instance of peer system {@code name}.
     *
     * @throws IllegalArgumentException for an unknown name (or {@code livechat}, which is not a peer)
     * @throws IllegalStateException    when the CometD adapter is not built into this jar
     */
    public static PeerSystem create(String name) {
        return switch (name) {
            case "socketio" -> new SocketIoSystem();
            case "cometd" -> reflect(COMETD_CLASS, "cometd");
            default -> throw new IllegalArgumentException("no peer system '" + name + "'; one of " + NAMES);
        };
    }

    private static PeerSystem reflect(String className, String name) {
        try {
            return (PeerSystem) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " adapter not built (" + className + " is not on the class path)");
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(name + " adapter could not be created: " + e, e);
        }
    }
}
