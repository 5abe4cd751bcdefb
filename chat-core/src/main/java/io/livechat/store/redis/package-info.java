/**
 * The store ports on Redis (one Redis or a Redis Cluster): each class owns its keys ({@link
 * io.livechat.store.redis.RedisKeys}) and Lua scripts, every key a script touches arrives in {@code KEYS}, and the
 * keys one script touches always share a hash tag. The only package that sees Lettuce, with the resource owner.
 */
package io.livechat.store.redis;
