-- Renews an agent's desk lease on a node; an available agent is put back among the available ones (in case
-- Redis lost its data meanwhile).
-- KEYS: 1 leases zset, 2 nodes hash, 3 load zset, 4 assigned zset
-- ARGV: 1 agent id, 2 node id, 3 lease ms, 4 available (0/1)
-- Returns 1 when this node holds the desk, 0 when another node does now.
local holder = redis.call('HGET', KEYS[2], ARGV[1])
if holder and holder ~= ARGV[2] then
  return 0
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
if ARGV[4] == '1' then
  -- its load counts the conversations it still has open (it may come back from away)
  local open = redis.call('ZLEXCOUNT', KEYS[4], '[' .. ARGV[1] .. ':', '(' .. ARGV[1] .. ';')
  redis.call('ZADD', KEYS[3], 'NX', open, ARGV[1])
end
return 1
