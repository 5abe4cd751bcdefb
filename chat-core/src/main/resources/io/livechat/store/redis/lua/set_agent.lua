-- Records on the conversation the agent that presence assigned it to (the conversation is open again).
-- KEYS: 1 conv hash; ARGV: 1 agent id
-- Returns 1, or 0 when the conversation does not exist.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'agent', ARGV[1], 'status', 'open')
return 1
