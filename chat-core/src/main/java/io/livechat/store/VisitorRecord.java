package io.livechat.store;

/**
 * A visitor session as stored.
 *
 * @param conversationId its conversation
 * @param siteKey        the site it was created for
 * @param details        what the visitor told (name, email) and what the widget saw (page, referrer, browser)
 * @param createdMillis  when it was created
 */
public record VisitorRecord(String conversationId, String siteKey, VisitorDetails details, long createdMillis) {
}
