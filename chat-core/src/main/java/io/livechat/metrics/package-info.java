/** Metrics: the Micrometer registry and the meters every role records. */
package io.livechat.metrics;
