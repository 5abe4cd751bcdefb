-- Puts back the assignment of a conversation restored after Redis lost its data (the agent PostgreSQL names);
-- an existing assignment is left as it is.
-- KEYS: 1 assignee hash, 2 assigned zset, 3 load zset, 4 queue zset
-- ARGV: 1 conversationId, 2 agent id
-- Returns 1 when recorded, 0 when the conversation had an assignment.
if redis.call('HGET', KEYS[1], ARGV[1]) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], 0, ARGV[2] .. ':' .. ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
if redis.call('ZSCORE', KEYS[3], ARGV[2]) then
  redis.call('ZINCRBY', KEYS[3], 1, ARGV[2])
end
return 1
