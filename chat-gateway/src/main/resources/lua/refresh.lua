-- Keeps a registry entry alive while this node holds it. Returns 1 when refreshed (or re-created after it
-- expired or Redis lost it), 0 when another node now holds it: the caller then lets its copy go.
-- KEYS: 1 registry key; ARGV: 1 node id, 2 ttl seconds
local current = redis.call('GET', KEYS[1])
if current == ARGV[1] or not current then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return 1
end
return 0
