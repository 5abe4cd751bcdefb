-- Takes an agent off line if this node still holds its desk.
-- KEYS: 1 leases zset, 2 nodes hash, 3 load zset; ARGV: 1 agent id, 2 node id
if redis.call('HGET', KEYS[2], ARGV[1]) == ARGV[2] then
  redis.call('HDEL', KEYS[2], ARGV[1])
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
  return 1
end
return 0
