/**
 * Shared test helpers: real embedded Redis and PostgreSQL, a real Redis Cluster ({@link RedisClusterProcess}), nodes,
 * and visitor and agent clients.
 */
package io.livechat.testsupport;
