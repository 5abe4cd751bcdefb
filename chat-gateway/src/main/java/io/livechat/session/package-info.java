/** Visitor sessions live on a gateway node: the conversation's feed, its followers, the registry lease. */
package io.livechat.session;
