-- Records "everything up to seq was delivered/read" by one side, keeping the highest, and says where the other
-- side is so that the receipt can be passed on.
-- KEYS: 1 conv hash
-- ARGV: 1 field (visitorDelivered, visitorRead, agentDelivered, agentRead), 2 seq, 3 visitor key prefix,
--       4 agent key prefix, 5 node suffix
-- Returns {applied (0/1), visitorSid, visitorNode, agentId, agentNode}; an error for an unknown conversation or
-- a seq beyond the last one.
local meta = redis.call('HMGET', KEYS[1], 'visitor', 'agent', 'seq', ARGV[1])
if not meta[1] then
  return redis.error_reply('NOCONV no such conversation')
end
local seq = tonumber(ARGV[2])
if seq > tonumber(meta[3] or '0') then
  return redis.error_reply('AHEAD seq beyond the last message')
end
local applied = 0
if seq > tonumber(meta[4] or '0') then
  redis.call('HSET', KEYS[1], ARGV[1], seq)
  applied = 1
end
local visitor = meta[1]
local agent = meta[2] or ''
local vnode = redis.call('GET', ARGV[3] .. visitor .. ARGV[5]) or ''
local anode = ''
if agent ~= '' then
  anode = redis.call('GET', ARGV[4] .. agent .. ARGV[5]) or ''
end
return {applied, visitor, vnode, agent, anode}
