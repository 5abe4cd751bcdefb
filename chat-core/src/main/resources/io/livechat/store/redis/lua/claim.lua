-- An agent takes a conversation from the waiting queue.
-- KEYS: 1 queue zset, 2 assignee hash, 3 assigned zset, 4 load zset
-- ARGV: 1 conversationId, 2 agent id
-- Returns 1 when this agent got it, 0 when it was no longer waiting (another agent took it first).
local waiting = redis.call('ZSCORE', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
if waiting == false or redis.call('HGET', KEYS[2], ARGV[1]) then
  return 0
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[3], 0, ARGV[2] .. ':' .. ARGV[1])
if redis.call('ZSCORE', KEYS[4], ARGV[2]) then
  redis.call('ZINCRBY', KEYS[4], 1, ARGV[2])
end
return 1
