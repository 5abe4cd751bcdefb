package io.livechat.store;

/**
 * A sequenced event as stored and sent: its number and its JSON text, serialised once at acceptance.
 *
 * @param seq  per-conversation sequence number
 * @param json the event exactly as clients receive it
 */
public record SeqEvent(long seq, String json) {
}
