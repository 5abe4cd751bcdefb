-- Marks an agent online on a node and hands waiting conversations to the least-loaded online agents.
-- KEYS: 1 agent node key, 2 online agents zset, 3 waiting queue zset
-- ARGV: 1 agent id, 2 node id, 3 ttl seconds, 4 agent key prefix, 5 node suffix, 6 conv key prefix,
--       7 conv key suffix, 8 most conversations to hand out
-- Returns a flat list {conversationId, agentId, agentNode, ...} of the assignments made.
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
redis.call('ZADD', KEYS[2], 'NX', 0, ARGV[1])
local out = {}
for _, conv in ipairs(redis.call('ZRANGE', KEYS[3], 0, tonumber(ARGV[8]) - 1)) do
  local chosen = nil
  for _, candidate in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    if redis.call('EXISTS', ARGV[4] .. candidate .. ARGV[5]) == 1 then
      chosen = candidate
      break
    end
    redis.call('ZREM', KEYS[2], candidate)
  end
  if not chosen then
    break
  end
  local ck = ARGV[6] .. conv .. ARGV[7]
  redis.call('ZREM', KEYS[3], conv)
  if redis.call('EXISTS', ck) == 1 and (redis.call('HGET', ck, 'agent') or '') == '' then
    redis.call('HSET', ck, 'agent', chosen)
    redis.call('ZINCRBY', KEYS[2], 1, chosen)
    redis.call('SADD', ARGV[4] .. chosen .. ':convs', conv)
    out[#out + 1] = conv
    out[#out + 1] = chosen
    out[#out + 1] = redis.call('GET', ARGV[4] .. chosen .. ARGV[5]) or ''
  end
end
return out
