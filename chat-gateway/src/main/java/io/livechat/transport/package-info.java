/** The visitor listener: its pipeline, the HTTP router, long-poll and WebSocket transports. */
package io.livechat.transport;
