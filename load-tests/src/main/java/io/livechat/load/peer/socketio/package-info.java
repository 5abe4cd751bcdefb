/**
 * The Socket.IO peer: its server fixture ({@code load-tests/peers/socketio/server.js}, started as a Node child
 * process) and hand-written Engine.IO v4 / Socket.IO v5 clients on the generator's Netty code, over WebSocket and
 * HTTP long-polling.
 */
package io.livechat.load.peer.socketio;
