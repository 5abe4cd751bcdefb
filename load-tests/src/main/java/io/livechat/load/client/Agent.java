package io.livechat.load.client;

/** A simulated agent answering the conversations assigned to it (our desk, or a peer system's agent client). */
public interface Agent {

    /** Replies in a conversation this agent serves; its ack or refusal is counted in the ledger. Never blocks. */
    void reply(String conversationId, String clientMsgId, String text);

    void close();
}
