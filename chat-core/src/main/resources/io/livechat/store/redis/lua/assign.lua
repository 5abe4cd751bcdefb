-- Assigns a conversation to the least-loaded available agent, or queues it; an existing assignment is answered.
-- KEYS: 1 leases zset, 2 nodes hash, 3 load zset, 4 queue zset, 5 assignee hash, 6 assigned zset
-- ARGV: 1 conversationId
-- Returns {agentId, agentNode, fresh (0/1)}, or {} when it waits in the queue.
local existing = redis.call('HGET', KEYS[5], ARGV[1])
if existing then
  return {existing, redis.call('HGET', KEYS[2], existing) or '', 0}
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for _, candidate in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
  if tonumber(redis.call('ZSCORE', KEYS[1], candidate) or '0') > now then
    redis.call('HSET', KEYS[5], ARGV[1], candidate)
    redis.call('ZADD', KEYS[6], 0, candidate .. ':' .. ARGV[1])
    redis.call('ZINCRBY', KEYS[3], 1, candidate)
    redis.call('ZREM', KEYS[4], ARGV[1])
    return {candidate, redis.call('HGET', KEYS[2], candidate) or '', 1}
  end
  redis.call('ZREM', KEYS[3], candidate)
end
redis.call('ZADD', KEYS[4], 'NX', now, ARGV[1])
return {}
