/** Frames, events, error codes and input checks: the wire format both tiers speak (docs/PROTOCOL.md). */
package io.livechat.protocol;
