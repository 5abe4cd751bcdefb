-- Keeps many registry entries alive in one call (a node renews all its sessions' leases in a few calls).
-- For each lease: 1 when refreshed (or re-created after it expired or Redis lost it), 0 when another node holds it
-- or the conversation itself is gone (Redis lost it: the session must be attached again, which restores it).
-- KEYS: pairs of (registry key, conversation hash); ARGV: 1 node id, 2 ttl seconds
local out = {}
for i = 1, #KEYS, 2 do
  local key = KEYS[i]
  local current = redis.call('GET', key)
  if redis.call('EXISTS', KEYS[i + 1]) == 0 then
    out[#out + 1] = 0
  elseif current == ARGV[1] or not current then
    redis.call('SET', key, ARGV[1], 'EX', ARGV[2])
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
return out
