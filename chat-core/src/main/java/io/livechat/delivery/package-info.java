/**
 * Delivery of a conversation's sequenced events to connections, the same for every kind (visitor WebSocket, held
 * long-poll, agent desk): a {@link io.livechat.delivery.ConversationFeed} keeps one conversation's events in seq
 * order, without duplicates or gaps, on the event loop that owns it; a {@link io.livechat.delivery.FeedCursor}
 * pulls what follows one connection's cursor on that connection's event loop. The store is reached only through
 * the {@link io.livechat.delivery.LogReader} port, and what is older than the capped log through the
 * {@link io.livechat.delivery.HistoryReader} behind it (PostgreSQL), or else named to the client in a {@code gap}.
 */
package io.livechat.delivery;
