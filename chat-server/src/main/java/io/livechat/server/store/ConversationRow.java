package io.livechat.server.store;

/**
 * One conversation as stored in PostgreSQL, for the desk's conversation list.
 *
 * @param conversationId the conversation
 * @param siteKey        the site it started on
 * @param visitorId      the visitor session id
 * @param agentId        the assigned agent, or null while none is
 * @param status         {@code open} or {@code closed}
 * @param lastSeq        the highest sequence number stored so far
 * @param createdAt      when it started, epoch milliseconds
 * @param writtenAgo     how long ago (ms) the transcript writer last wrote to it, -1 when not read
 */
public record ConversationRow(String conversationId, String siteKey, String visitorId, Long agentId, String status,
                              long lastSeq, long createdAt, long writtenAgo) {
}
