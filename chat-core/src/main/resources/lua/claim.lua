-- An agent takes a conversation from the waiting queue.
-- KEYS: 1 conv hash, 2 waiting queue zset, 3 online agents zset, 4 the agent's open conversations set
-- ARGV: 1 conversationId, 2 agent id
-- Returns 1 when this agent got it, 0 when it was no longer waiting (another agent took it first).
if redis.call('ZSCORE', KEYS[2], ARGV[1]) == false or (redis.call('HGET', KEYS[1], 'agent') or '') ~= '' then
  redis.call('ZREM', KEYS[2], ARGV[1])
  return 0
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[1], 'agent', ARGV[2], 'status', 'open')
redis.call('SADD', KEYS[4], ARGV[1])
if redis.call('ZSCORE', KEYS[3], ARGV[2]) then
  redis.call('ZINCRBY', KEYS[3], 1, ARGV[2])
end
return 1
