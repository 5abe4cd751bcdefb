/**
 * The CometD peer: a small chat server on CometD 8 in Jetty 12 ({@link io.livechat.load.peer.cometd.CometdChatServer},
 * run as a child JVM), and Bayeux clients written by hand on the generator's Netty clients (WebSocket and HTTP
 * long-polling), so that the same generator drives it and our server.
 */
package io.livechat.load.peer.cometd;
