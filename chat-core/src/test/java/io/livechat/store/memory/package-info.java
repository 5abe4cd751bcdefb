/**
 * In-memory fakes of the store ports ({@link io.livechat.store}) for unit tests of any module (chat-core's test-jar):
 * the same behaviour as the Redis implementation, checked by the same contract tests, without a Redis. Built by
 * {@link io.livechat.store.memory.MemoryStores}; leases and lifetimes follow an injectable clock
 * ({@link io.livechat.store.memory.ManualClock} lets a test expire them).
 */
package io.livechat.store.memory;
