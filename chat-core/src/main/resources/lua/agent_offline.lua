-- Takes an agent off line if this node still holds its desk.
-- KEYS: 1 agent node key, 2 online agents zset; ARGV: 1 agent id, 2 node id
if redis.call('GET', KEYS[1]) == ARGV[2] then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
  return 1
end
return 0
