/** Peer chat systems (Socket.IO, CometD) driven by the same scenarios: their server fixtures and protocol adapters. */
package io.livechat.load.peer;
