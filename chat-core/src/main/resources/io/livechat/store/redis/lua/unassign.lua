-- Ends an agent's assignment of a closed conversation: off its open list, one less on its load (once, however
-- often it is called).
-- KEYS: 1 assignee hash, 2 assigned zset, 3 load zset; ARGV: 1 conversationId, 2 agent id
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  redis.call('HDEL', KEYS[1], ARGV[1])
end
if redis.call('ZREM', KEYS[2], ARGV[2] .. ':' .. ARGV[1]) == 1 then
  local load = redis.call('ZSCORE', KEYS[3], ARGV[2])
  if load and tonumber(load) > 0 then
    redis.call('ZINCRBY', KEYS[3], -1, ARGV[2])
  end
end
return 1
