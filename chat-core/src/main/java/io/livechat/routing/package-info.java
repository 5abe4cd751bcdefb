/** Delivery between nodes: per-node Redis pub/sub channels and the envelopes they carry. */
package io.livechat.routing;
