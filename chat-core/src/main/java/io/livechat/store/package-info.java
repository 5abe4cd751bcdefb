/**
 * The store ports: the conversation log, visitor sessions and their leases, agents' presence and assignment, the
 * site directory, node channels and the transcript hand-off. Interfaces and their values only; the Redis
 * implementation lives in {@link io.livechat.store.redis}, and nothing outside it sees Redis.
 */
package io.livechat.store;
