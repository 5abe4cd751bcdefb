/** Visitor sessions live on a gateway node: ordered recent events, their followers, the registry lease. */
package io.livechat.session;
