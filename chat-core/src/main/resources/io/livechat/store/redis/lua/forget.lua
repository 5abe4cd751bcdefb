-- Forgets a conversation in assignment (privacy erasure, retention purge): out of the queue, and its assignment
-- ended with one less on its agent's load (as unassign.lua).
-- KEYS: 1 queue zset, 2 assignee hash, 3 assigned zset, 4 load zset; ARGV: 1 conversationId
redis.call('ZREM', KEYS[1], ARGV[1])
local agent = redis.call('HGET', KEYS[2], ARGV[1])
if not agent then
  return 0
end
redis.call('HDEL', KEYS[2], ARGV[1])
if redis.call('ZREM', KEYS[3], agent .. ':' .. ARGV[1]) == 1 then
  local load = redis.call('ZSCORE', KEYS[4], agent)
  if load and tonumber(load) > 0 then
    redis.call('ZINCRBY', KEYS[4], -1, agent)
  end
end
return 1
