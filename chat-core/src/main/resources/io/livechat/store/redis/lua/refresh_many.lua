-- Keeps many registry entries alive in one call (a node renews all its sessions' leases in a few calls).
-- For each key: 1 when refreshed (or re-created after it expired or Redis lost it), 0 when another node holds it.
-- KEYS: registry keys; ARGV: 1 node id, 2 ttl seconds
local out = {}
for i, key in ipairs(KEYS) do
  local current = redis.call('GET', key)
  if current == ARGV[1] or not current then
    redis.call('SET', key, ARGV[1], 'EX', ARGV[2])
    out[i] = 1
  else
    out[i] = 0
  end
end
return out
