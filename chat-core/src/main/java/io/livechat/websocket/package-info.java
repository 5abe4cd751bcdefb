/** WebSocket plumbing both tiers share: the upgrade that swaps the HTTP router out, and JSON text frames in and out. */
package io.livechat.websocket;
