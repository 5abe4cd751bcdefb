-- Keeps many registry entries alive in one call (a node renews all its sessions' leases in a few calls).
-- For each lease: 1 when refreshed (or re-created after it expired or Redis lost it), 0 when another node holds it,
-- or when the conversation is gone or has a log of another epoch than the session follows (Redis lost it, and it
-- may have been restored meanwhile): the session must then be attached again, which restores it or tells its
-- clients the new epoch.
-- KEYS: pairs of (registry key, conversation hash)
-- ARGV: 1 node id, 2 ttl seconds, then per pair the epoch the session follows ('' for any)
local out = {}
for i = 1, #KEYS, 2 do
  local key = KEYS[i]
  local n = (i + 1) / 2
  local current = redis.call('GET', key)
  local epoch = redis.call('HGET', KEYS[i + 1], 'epoch')
  local expected = ARGV[2 + n] or ''
  if redis.call('EXISTS', KEYS[i + 1]) == 0 or (expected ~= '' and epoch and epoch ~= expected) then
    out[n] = 0
  elseif current == ARGV[1] or not current then
    redis.call('SET', key, ARGV[1], 'EX', ARGV[2])
    out[n] = 1
  else
    out[n] = 0
  end
end
return out
