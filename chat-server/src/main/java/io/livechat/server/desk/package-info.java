/** The agents' desks: WebSocket connections, presence, assignment hand-out, replies and typing. */
package io.livechat.server.desk;
