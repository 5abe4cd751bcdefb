-- Closes a conversation for its agent: status closed, off the agent's open list, one less on its load.
-- KEYS: 1 conv hash, 2 agent's open conversations set, 3 online agents zset
-- ARGV: 1 conversationId, 2 agent id
-- Returns 1 when closed now, 0 when it was closed already; an error when the agent is not assigned.
if (redis.call('HGET', KEYS[1], 'agent') or '') ~= ARGV[2] then
  return redis.error_reply('NOTASSIGNED conversation not assigned to this agent')
end
if redis.call('HGET', KEYS[1], 'status') == 'closed' then
  return 0
end
redis.call('HSET', KEYS[1], 'status', 'closed')
redis.call('SREM', KEYS[2], ARGV[1])
local load = redis.call('ZSCORE', KEYS[3], ARGV[2])
if load and tonumber(load) > 0 then
  redis.call('ZINCRBY', KEYS[3], -1, ARGV[2])
end
return 1
