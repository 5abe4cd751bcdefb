/** The visitor listener: the HTTP router, long-poll and WebSocket transports. */
package io.livechat.transport;
