-- Closes a conversation for its agent.
-- KEYS: 1 conv hash; ARGV: 1 agent id
-- Returns 1 when closed now, 0 when it was closed already; an error when the agent is not assigned.
if (redis.call('HGET', KEYS[1], 'agent') or '') ~= ARGV[1] then
  return redis.error_reply('NOTASSIGNED conversation not assigned to this agent')
end
if redis.call('HGET', KEYS[1], 'status') == 'closed' then
  return 0
end
redis.call('HSET', KEYS[1], 'status', 'closed')
return 1
