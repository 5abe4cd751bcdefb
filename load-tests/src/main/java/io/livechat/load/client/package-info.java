/**
 * Event-driven Netty clients that speak the chat protocol: visitors over WebSocket and long-poll, agents over the
 * desk WebSocket, and a small keep-alive HTTP pool; no thread per connection.
 */
package io.livechat.load.client;
