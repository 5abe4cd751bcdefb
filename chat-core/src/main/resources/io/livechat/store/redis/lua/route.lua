-- Who is in a conversation and which node holds its visitor.
-- KEYS: 1 conv hash, 2 visitor lease
-- Returns {} for an unknown conversation, else {visitorSid, visitorNode, agentId}
local meta = redis.call('HMGET', KEYS[1], 'visitor', 'agent')
if not meta[1] then
  return {}
end
return {meta[1], redis.call('GET', KEYS[2]) or '', meta[2] or ''}
