-- Records "everything up to seq was delivered/read" by one side, keeping the highest, and says where the
-- visitor is so that the receipt can be passed on.
-- KEYS: 1 conv hash, 2 visitor lease
-- ARGV: 1 field (visitorDelivered, visitorRead, agentDelivered, agentRead), 2 seq, 3 agent id that must be
--       assigned ('' for a visitor's receipt)
-- Returns {applied (0/1), visitorSid, visitorNode, agentId}; an error for an unknown conversation, another agent's
-- conversation or a seq beyond the last one.
local meta = redis.call('HMGET', KEYS[1], 'visitor', 'agent', 'seq', ARGV[1])
if not meta[1] then
  return redis.error_reply('NOCONV no such conversation')
end
-- checked here, in the same atomic step as the write: a reassignment cannot slip in between
if ARGV[3] ~= '' and (meta[2] or '') ~= ARGV[3] then
  return redis.error_reply('NOTASSIGNED conversation not assigned to this agent')
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
return {applied, meta[1], redis.call('GET', KEYS[2]) or '', meta[2] or ''}
