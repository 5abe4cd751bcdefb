/** The agent listener: its pipeline, REST endpoints and the desk's WebSocket upgrade. */
package io.livechat.server.api;
