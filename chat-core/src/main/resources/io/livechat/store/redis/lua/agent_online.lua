-- Marks an agent online on a node and hands waiting conversations to the least-loaded available agents.
-- KEYS: 1 leases zset, 2 nodes hash, 3 load zset, 4 queue zset, 5 assignee hash, 6 assigned zset
-- ARGV: 1 agent id, 2 node id, 3 lease ms, 4 most conversations to hand out
-- Returns a flat list {conversationId, agentId, agentNode, ...} of the assignments made.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
-- back from away or reconnecting, the agent still has its open conversations: its load starts from them
local open = redis.call('ZLEXCOUNT', KEYS[6], '[' .. ARGV[1] .. ':', '(' .. ARGV[1] .. ';')
redis.call('ZADD', KEYS[3], 'NX', open, ARGV[1])
local out = {}
for _, conv in ipairs(redis.call('ZRANGE', KEYS[4], 0, tonumber(ARGV[4]) - 1)) do
  local chosen = nil
  for _, candidate in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
    if tonumber(redis.call('ZSCORE', KEYS[1], candidate) or '0') > now then
      chosen = candidate
      break
    end
    redis.call('ZREM', KEYS[3], candidate)
  end
  if not chosen then
    break
  end
  redis.call('ZREM', KEYS[4], conv)
  if not redis.call('HGET', KEYS[5], conv) then
    redis.call('HSET', KEYS[5], conv, chosen)
    redis.call('ZADD', KEYS[6], 0, chosen .. ':' .. conv)
    redis.call('ZINCRBY', KEYS[3], 1, chosen)
    out[#out + 1] = conv
    out[#out + 1] = chosen
    out[#out + 1] = redis.call('HGET', KEYS[2], chosen) or ''
  end
end
return out
