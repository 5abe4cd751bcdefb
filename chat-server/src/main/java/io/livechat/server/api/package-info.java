/** The agent listener: its router, REST endpoints and the desk's WebSocket upgrade. */
package io.livechat.server.api;
