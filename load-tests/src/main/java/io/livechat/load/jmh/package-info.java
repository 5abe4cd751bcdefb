/**
 * JMH benchmarks of the hot paths found while load testing: message JSON building, the node-channel envelope, the
 * per-session event buffer and the transcript batch inserters. Run them with {@code load-tests/run.sh jmh}.
 */
package io.livechat.load.jmh;
