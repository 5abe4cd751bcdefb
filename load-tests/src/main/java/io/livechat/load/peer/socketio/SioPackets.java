package io.livechat.load.peer.socketio;

/**
 * Engine.IO v4 / Socket.IO v5 text packets as the adapters need them (default namespace only): an Engine.IO
 * packet is a type digit and a payload ({@code 0} open, {@code 1} close, {@code 2} ping, {@code 3} pong,
 * {@code 4} message); a Socket.IO packet rides in a message, {@code 40} connect, {@code 42[id][name,arg]} event,
 * {@code 43id[arg]} ack. Long-polling bodies carry several packets separated by the record separator.
 */
final class SioPackets {

    /** Separates packets in a long-polling body. */
    static final char SEPARATOR = '\u001e';
    static final String OPEN = "0";
    static final String PING = "2";
    static final String PONG = "3";
    static final String CONNECT = "40";

    private SioPackets() {
    }

    /** {@code 42<ackId>["name",json]}: an event asking for an acknowledgement with {@code ackId}. */
    static String event(int ackId, String name, String json) {
        return "42" + ackId + "[\"" + name + "\"," + json + "]";
    }

    /** The id of an ack packet {@code 43<id>[...]}; -1 when there is none. */
    static int ackId(String packet) {
        int id = 0;
        int i = 2;
        for (; i < packet.length() && Character.isDigit(packet.charAt(i)); i++) {
            id = id * 10 + (packet.charAt(i) - '0');
        }
        return i == 2 ? -1 : id;
    }

    /** {@code {"conversationId":..., "clientMsgId":..., "from":..., "text":...}} for our plain ids and texts. */
    static String send(String conversationId, String clientMsgId, String from, String text) {
        return "{\"conversationId\":\"" + conversationId + "\",\"clientMsgId\":\"" + clientMsgId + "\",\"from\":\""
                + from + "\",\"text\":\"" + text + "\"}";
    }

    static String join(String conversationId) {
        return "{\"conversationId\":\"" + conversationId + "\"}";
    }
}
